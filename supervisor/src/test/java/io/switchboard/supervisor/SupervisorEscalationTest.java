package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.probe;
import static io.switchboard.supervisor.SupervisorFixtures.settle;
import static io.switchboard.supervisor.SupervisorFixtures.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Giving up propagates: leaf → mid → root → the root's listener; the node keeps running. */
@Timeout(30)
class SupervisorEscalationTest {
  private final ManualClock clock = new ManualClock();
  private EventLoopGroup loops;
  private final Journal j = new Journal();
  private final List<String> gaveUp = new CopyOnWriteArrayList<>();
  private final List<String> rootExits = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("esc", 2, b -> b.clock(clock));
  }

  @AfterEach
  void stop() {
    loops.close();
  }

  private Supervisor tree(int midIntensity) {
    SupervisorSpec leaf = SupervisorSpec.oneForOne(probe("w", j))
        .withIntensity(0, Duration.ofSeconds(5));
    SupervisorSpec mid = SupervisorSpec.oneForOne(probe("m1", j),
            ChildSpec.supervisor("leaf", leaf))
        .withIntensity(midIntensity, Duration.ofSeconds(5));
    SupervisorSpec root = SupervisorSpec.oneForOne(probe("r1", j), ChildSpec.supervisor("mid", mid))
        .withIntensity(0, Duration.ofSeconds(5));
    return Supervisor.builder("root", loops, root)
        .listener(new SupervisorListener() {
          @Override
          public void gaveUp(String supervisor) {
            gaveUp.add(supervisor);
          }
        })
        .onGiveUp((name, reason, report) -> rootExits.add(name + ":" + reason))
        .build();
  }

  @Test
  void crash_everyLevelAtIntensityZero_escalatesToTheRootListener() {
    Supervisor root = tree(0);
    assertThat(root.start().isOk()).isTrue();

    loops.call("w", "crash");
    until(() -> !rootExits.isEmpty(), () -> "root to give up; gave up so far: " + gaveUp);
    settle(root);

    assertThat(gaveUp).containsExactly("root/mid/leaf", "root/mid", "root");
    assertThat(rootExits).containsExactly("root:shutdown");
    assertThat(root.status()).isEqualTo(ChildStatus.STOPPED);
    assertThat(root.exitReason()).isEqualTo(ExitReason.SHUTDOWN);
    assertThat(List.of("w", "m1", "r1")).allSatisfy(id -> assertThat(loops.status(id)).isNull());
    assertThat(j.with("terminate:")).containsExactly(
        "terminate:w:crash:java.lang.IllegalStateException: crash of w (test)",
        "terminate:m1:shutdown", "terminate:r1:shutdown");

    // the node keeps running: its loops still host and serve servers
    assertThat(loops.start("after", new SupervisorFixtures.Probe("after", j)).isOk()).isTrue();
    assertThat(loops.call("after", "x")).isEqualTo(Reply.ok(1));
  }

  @Test
  void crash_midHasRoom_restartsLeafFreshAndStopsThere() {
    Supervisor root = tree(1);
    assertThat(root.start().isOk()).isTrue();

    loops.call("w", "crash");
    until(() -> j.inits("w") == 2, () -> "w restarted by a fresh leaf: " + j.all());
    settle(root);

    assertThat(gaveUp).containsExactly("root/mid/leaf");
    assertThat(rootExits).isEmpty();
    assertThat(root.status()).isEqualTo(ChildStatus.RUNNING);
    assertThat(j.inits("m1")).isEqualTo(1);
    assertThat(loops.status("w")).isEqualTo(ServerStatus.RUNNING);
    TreeSnapshot snap = root.snapshot().orThrow();
    TreeSnapshot mid = snap.children().get(1);
    assertThat(mid.children().get(1).restarts()).isEqualTo(1);
    assertThat(mid.children().get(1).lastExit()).isEqualTo("shutdown");

    // a second crash within the period exceeds mid's intensity: escalation to the root
    loops.call("w", "crash");
    until(() -> !rootExits.isEmpty(), () -> "root to give up; gave up so far: " + gaveUp);
    assertThat(gaveUp).containsExactly("root/mid/leaf", "root/mid/leaf", "root/mid", "root");
  }

  @Test
  void crash_afterThePeriodSlides_midRestartsAgainInsteadOfGivingUp() {
    Supervisor root = tree(1);
    assertThat(root.start().isOk()).isTrue();
    loops.call("w", "crash");
    until(() -> j.inits("w") == 2, () -> "first restart");
    settle(root);

    clock.advance(Duration.ofSeconds(5).plusNanos(1));
    loops.call("w", "crash");
    until(() -> j.inits("w") == 3, () -> "second restart");
    settle(root);

    assertThat(rootExits).isEmpty();
    assertThat(gaveUp).containsExactly("root/mid/leaf", "root/mid/leaf");
  }
}
