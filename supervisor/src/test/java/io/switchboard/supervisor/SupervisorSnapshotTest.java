package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.probe;
import static io.switchboard.supervisor.SupervisorFixtures.settle;
import static io.switchboard.supervisor.SupervisorFixtures.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tree snapshot and its text and JSON renderings. */
@Timeout(30)
class SupervisorSnapshotTest {

  @Test
  void snapshot_afterACrash_showsStatusRestartsLastExitAndLoop() {
    Journal j = new Journal();
    try (EventLoop loop = EventLoop.builder("snap").start()) {
      Supervisor root = Supervisor.builder("app", loop, SupervisorSpec.oneForOne(
          probe("w1", j),
          ChildSpec.supervisor("sub", SupervisorSpec.oneForAll(probe("w2", j))))).build();
      assertThat(root.start().isOk()).isTrue();
      loop.call("w1", "crash");
      until(() -> j.inits("w1") == 2, () -> "w1 restarted");
      settle(root);

      TreeSnapshot snap = root.snapshot().orThrow();

      String crash = "crash:java.lang.IllegalStateException: crash of w1 (test)";
      assertThat(snap.text()).isEqualTo(""
          + "app supervisor(one_for_one) status=running restarts=0 last_exit=- loop=-\n"
          + "  w1 worker status=running restarts=1 last_exit=\"" + crash + "\" loop=snap\n"
          + "  sub supervisor(one_for_all) status=running restarts=0 last_exit=- loop=-\n"
          + "    w2 worker status=running restarts=0 last_exit=- loop=snap\n");
      assertThat(snap.json()).isEqualTo("{\"id\":\"app\",\"type\":\"supervisor\","
          + "\"status\":\"running\",\"strategy\":\"one_for_one\",\"loop\":null,\"restarts\":0,"
          + "\"lastExit\":null,\"children\":["
          + "{\"id\":\"w1\",\"type\":\"worker\",\"status\":\"running\",\"strategy\":null,"
          + "\"loop\":\"snap\",\"restarts\":1,\"lastExit\":\"" + crash + "\",\"children\":[]},"
          + "{\"id\":\"sub\",\"type\":\"supervisor\",\"status\":\"running\","
          + "\"strategy\":\"one_for_all\",\"loop\":null,\"restarts\":0,\"lastExit\":null,"
          + "\"children\":[{\"id\":\"w2\",\"type\":\"worker\",\"status\":\"running\","
          + "\"strategy\":null,\"loop\":\"snap\",\"restarts\":0,\"lastExit\":null,"
          + "\"children\":[]}]}]}");

      root.stop();
      TreeSnapshot after = root.snapshot().orThrow();
      assertThat(after.status()).isEqualTo(ChildStatus.STOPPED);
      assertThat(after.lastExit()).isEqualTo("shutdown");
      assertThat(after.children()).allSatisfy(c ->
          assertThat(c.status()).isEqualTo(ChildStatus.STOPPED));
    }
  }

  @Test
  void json_specialCharacters_areEscaped() {
    TreeSnapshot s = new TreeSnapshot("a\"b\\c\nd\u0001", ChildType.WORKER, ChildStatus.RUNNING,
        null, "l", 0, "tab\there", List.of());
    assertThat(s.json()).isEqualTo("{\"id\":\"a\\\"b\\\\c\\nd\\u0001\",\"type\":\"worker\","
        + "\"status\":\"running\",\"strategy\":null,\"loop\":\"l\",\"restarts\":0,"
        + "\"lastExit\":\"tab\\there\",\"children\":[]}");
  }
}
