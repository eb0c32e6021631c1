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
          + "app supervisor(one_for_one) status=running restarts=0 last_exit=- loop=-"
          + " specs=2 active=2 supervisors=1 workers=1\n"
          + "  w1 worker status=running restarts=1 last_exit=\"" + crash + "\" loop=snap\n"
          + "  sub supervisor(one_for_all) status=running restarts=0 last_exit=- loop=-"
          + " specs=1 active=1 supervisors=0 workers=1\n"
          + "    w2 worker status=running restarts=0 last_exit=- loop=snap\n");
      assertThat(snap.json()).isEqualTo("{\"id\":\"app\",\"type\":\"supervisor\","
          + "\"status\":\"running\",\"strategy\":\"one_for_one\",\"loop\":null,\"restarts\":0,"
          + "\"lastExit\":null,"
          + "\"counts\":{\"specs\":2,\"active\":2,\"supervisors\":1,\"workers\":1},"
          + "\"children\":["
          + "{\"id\":\"w1\",\"type\":\"worker\",\"status\":\"running\",\"strategy\":null,"
          + "\"loop\":\"snap\",\"restarts\":1,\"lastExit\":\"" + crash + "\",\"counts\":null,"
          + "\"children\":[]},"
          + "{\"id\":\"sub\",\"type\":\"supervisor\",\"status\":\"running\","
          + "\"strategy\":\"one_for_all\",\"loop\":null,\"restarts\":0,\"lastExit\":null,"
          + "\"counts\":{\"specs\":1,\"active\":1,\"supervisors\":0,\"workers\":1},"
          + "\"children\":[{\"id\":\"w2\",\"type\":\"worker\",\"status\":\"running\","
          + "\"strategy\":null,\"loop\":\"snap\",\"restarts\":0,\"lastExit\":null,"
          + "\"counts\":null,\"children\":[]}]}]}");

      root.stop();
      TreeSnapshot after = root.snapshot().orThrow();
      assertThat(after.status()).isEqualTo(ChildStatus.STOPPED);
      assertThat(after.lastExit()).isEqualTo("shutdown");
      assertThat(after.children()).allSatisfy(c ->
          assertThat(c.status()).isEqualTo(ChildStatus.STOPPED));
      assertThat(after.counts()).isEqualTo(new ChildCounts(2, 0, 1, 1));
      assertThat(after.children().get(1).counts()).as("not running: not counted").isNull();
    }
  }

  @Test
  void json_specialCharacters_areEscaped() {
    TreeSnapshot s = new TreeSnapshot("a\"b\\c\nd\u0001", ChildType.WORKER, ChildStatus.RUNNING,
        null, "l", 0, "tab\there", null, List.of());
    assertThat(s.json()).isEqualTo("{\"id\":\"a\\\"b\\\\c\\nd\\u0001\",\"type\":\"worker\","
        + "\"status\":\"running\",\"strategy\":null,\"loop\":\"l\",\"restarts\":0,"
        + "\"lastExit\":\"tab\\there\",\"counts\":null,\"children\":[]}");
  }

  /**
   * supervisor.erl count_children: specs, active (a pid), supervisors, workers — per supervisor
   * in the snapshot, ignored and stopped children counted as specs, not as active.
   */
  @Test
  void snapshot_countChildrenPerSupervisor_matchesCountChildren() {
    Journal j = new Journal();
    try (EventLoop loop = EventLoop.builder("snapc").start()) {
      Supervisor root = Supervisor.builder("cc", loop, SupervisorSpec.oneForOne(
          probe("cc-a", j),
          ChildSpec.worker("cc-ign", ChildSpec::ignore),
          ChildSpec.supervisor("dyn", SupervisorSpec.simpleOneForOne(
              ChildSpec.template("t", n -> new SupervisorFixtures.Probe(n, j)))))).build();
      assertThat(root.start().isOk()).isTrue();
      Supervisor dyn = root.childSupervisor("dyn").orThrow();
      for (String n : List.of("d1", "d2", "d3")) {
        assertThat(dyn.startChild(n).isOk()).isTrue();
      }
      assertThat(root.terminateChild("cc-a").isOk()).isTrue();
      settle(root);

      TreeSnapshot snap = root.snapshot().orThrow();

      assertThat(snap.counts()).isEqualTo(new ChildCounts(3, 1, 1, 2))
          .isEqualTo(root.countChildren().orThrow());
      assertThat(snap.children().get(2).counts()).isEqualTo(new ChildCounts(1, 3, 0, 3))
          .isEqualTo(dyn.countChildren().orThrow());
      assertThat(snap.children().get(0).counts()).as("a worker").isNull();
      assertThat(snap.text()).contains("cc supervisor(one_for_one) status=running")
          .contains(" specs=3 active=1 supervisors=1 workers=2\n");
      root.stop();
    }
  }
}
