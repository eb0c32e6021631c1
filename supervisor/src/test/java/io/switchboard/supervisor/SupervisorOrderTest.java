package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.probe;
import static io.switchboard.supervisor.SupervisorFixtures.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import io.switchboard.supervisor.SupervisorFixtures.Probe;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Start left to right, stop right to left, across loops and levels; failed starts. */
@Timeout(30)
class SupervisorOrderTest {
  private EventLoopGroup loops;
  private final Journal j = new Journal();

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("order", 3, b -> b);
  }

  @AfterEach
  void stop() {
    loops.close();
  }

  @Test
  void startAndStop_nestedTreeOnThreeLoops_leftToRightThenRightToLeft() {
    Supervisor root = Supervisor.builder("root", loops, SupervisorSpec.oneForOne(
        probe("a", j),
        ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(probe("x", j), probe("y", j))),
        probe("c", j))).build();

    assertThat(root.start().isOk()).isTrue();
    assertThat(j.all()).containsExactly("init:a", "init:x", "init:y", "init:c");

    j.clear();
    assertThat(root.stop().isOk()).isTrue();
    assertThat(j.all()).containsExactly("terminate:c:shutdown", "terminate:y:shutdown",
        "terminate:x:shutdown", "terminate:a:shutdown");
    assertThat(root.status()).isEqualTo(ChildStatus.STOPPED);
    assertThat(List.of("a", "x", "y", "c")).allSatisfy(id -> assertThat(loops.status(id)).isNull());
  }

  @Test
  void crash_oneForAll_stopsOthersRightToLeftThenStartsAllLeftToRight() {
    Supervisor sup = Supervisor.builder("all", loops, SupervisorSpec.oneForAll(
        probe("a", j), probe("b", j), probe("c", j), probe("d", j))).build();
    assertThat(sup.start().isOk()).isTrue();
    j.clear();

    loops.call("b", "crash");
    SupervisorFixtures.until(() -> j.with("init:").size() == 4, () -> "restarts: " + j.all());
    settle(sup);

    assertThat(j.all()).containsExactly("terminate:b:crash:java.lang.IllegalStateException: "
            + "crash of b (test)",
        "terminate:d:shutdown", "terminate:c:shutdown", "terminate:a:shutdown",
        "init:a", "init:b", "init:c", "init:d");
    sup.stop();
  }

  @Test
  void crash_restForOne_restartsOnlyLaterChildrenInOrder() {
    Supervisor sup = Supervisor.builder("rest", loops, SupervisorSpec.restForOne(
        probe("a", j), probe("b", j), probe("c", j), probe("d", j))).build();
    assertThat(sup.start().isOk()).isTrue();
    j.clear();

    loops.call("b", "crash");
    SupervisorFixtures.until(() -> j.with("init:").size() == 3, () -> "restarts: " + j.all());
    settle(sup);

    assertThat(j.with("terminate:d"))
        .hasSize(1);
    assertThat(j.all().subList(1, j.all().size())).containsExactly("terminate:d:shutdown",
        "terminate:c:shutdown", "init:b", "init:c", "init:d");
    sup.stop();
  }

  @Test
  void start_childInitFails_stopsStartedOnesAndFailsWithThatReason() {
    Probe bad = new Probe("b", j);
    bad.failInit = true;
    Supervisor sup = Supervisor.builder("failing", loops, SupervisorSpec.oneForOne(
        probe("a", j), ChildSpec.worker("b", () -> bad), probe("c", j))).build();

    Reply<Void> r = sup.start();

    assertThat(r).isInstanceOf(Reply.Crashed.class);
    assertThat(((Reply.Crashed<Void>) r).message())
        .contains("failed_to_start_child,b,")
        .contains("init of b failed (test)");
    assertThat(j.all()).containsExactly("init:a", "init:b", "terminate:a:shutdown");
    assertThat(sup.status()).isEqualTo(ChildStatus.STOPPED);
    assertThat(sup.exitReason()).isInstanceOf(ExitReason.Shutdown.class);
    assertThat(sup.exitReason().toString()).startsWith("{shutdown,{failed_to_start_child,b,");
    assertThat(loops.status("a")).isNull();
    assertThat(loops.status("c")).isNull();
    assertThat(sup.crashReports().recent()).anySatisfy(c -> {
      assertThat(c.server()).isEqualTo("b");
      assertThat(c.phase()).isEqualTo("init");
    });
  }

  @Test
  void start_grandchildInitFails_wholeTreeStartFailsAndUnwinds() {
    Probe bad = new Probe("y", j);
    bad.failInit = true;
    Supervisor root = Supervisor.builder("root2", loops, SupervisorSpec.oneForOne(
        probe("a", j),
        ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(probe("x", j),
            ChildSpec.worker("y", () -> bad))),
        probe("c", j))).build();

    Reply<Void> r = root.start();

    assertThat(r.isOk()).isFalse();
    assertThat(root.exitReason().toString())
        .startsWith("{shutdown,{failed_to_start_child,sub,{shutdown,{failed_to_start_child,y,");
    assertThat(j.all()).containsExactly("init:a", "init:x", "init:y", "terminate:x:shutdown",
        "terminate:a:shutdown");
  }

  @Test
  void start_twice_secondIsRefused() {
    Supervisor sup = Supervisor.builder("twice", loops, SupervisorSpec.oneForOne(probe("a", j)))
        .build();
    assertThat(sup.start().isOk()).isTrue();
    assertThat(sup.start()).isInstanceOf(Reply.AlreadyStarted.class);
    sup.stop();
  }
}
