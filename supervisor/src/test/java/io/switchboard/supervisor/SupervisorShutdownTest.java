package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import io.switchboard.supervisor.SupervisorFixtures.LogCapture;
import io.switchboard.supervisor.SupervisorFixtures.Probe;
import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shutdown timeouts and brutal kills, under an injected clock. */
@Timeout(30)
class SupervisorShutdownTest {
  private final ManualClock clock = new ManualClock();
  private final Journal j = new Journal();
  private EventLoopGroup loops;

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("sd", 2, b -> b.clock(clock));
  }

  @AfterEach
  void stop() {
    loops.close();
  }

  /** A name that lives on another loop than {@code other}, so it is not stuck behind it. */
  private String onOtherLoop(String prefix, String other) {
    for (int i = 0; ; i++) {
      if (loops.loopOf(prefix + i) != loops.loopOf(other)) {
        return prefix + i;
      }
    }
  }

  @Test
  void stop_terminateOutlivesTimeout_childDroppedAsBrutalKillAndLogged() throws Exception {
    String fast = onOtherLoop("fast", "slow");
    Probe slow = new Probe("slow", j);
    slow.terminateGate = new CountDownLatch(1);
    Supervisor sup = Supervisor.builder("sd", loops, SupervisorSpec.oneForOne(
            probe(fast, j),
            ChildSpec.worker("slow", () -> slow).withShutdown(Shutdown.millis(100))))
        .clock(clock).build();
    assertThat(sup.start().isOk()).isTrue();

    try (LogCapture logs = LogCapture.of("io.switchboard.supervisor.Supervisor")) {
      Promise<Void> stopping = sup.stopAsync();
      assertThat(slow.terminateEntered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stopping.isDone()).as("waits for slow's terminate").isFalse();

      clock.advance(Duration.ofMillis(100));
      Reply<Void> r = stopping.await(ServerHost.deadline(Duration.ofSeconds(5)),
          IdleStrategy.DEFAULT);

      assertThat(r.isOk()).isTrue();
      assertThat(logs.messages()).anySatisfy(m -> assertThat(m)
          .contains("event=child_killed").contains("child=slow").contains("timeout_ms=100")
          .contains("reason=shutdown_timeout"));
      assertThat(j.with("terminate:")).containsExactly("terminate:slow:shutdown",
          "terminate:" + fast + ":shutdown");
      Map<String, ChildInfo> which = sup.whichChildren().orThrow().stream()
          .collect(Collectors.toMap(ChildInfo::id, c -> c));
      assertThat(which.get("slow").lastExit()).isEqualTo(ExitReason.KILLED);
      assertThat(which.get("slow").status()).isEqualTo(ChildStatus.STOPPED);
      assertThat(which.get(fast).lastExit()).isEqualTo(ExitReason.SHUTDOWN);
    } finally {
      slow.terminateGate.countDown();
    }
    SupervisorFixtures.until(() -> loops.status("slow") == null,
        () -> "the stuck terminate to return and the loop to drop slow");
  }

  @Test
  void stop_decidedOnTheStuckChildsOwnLoop_timeoutStillFires() throws Exception {
    Probe slow = new Probe("slow3", j);
    slow.terminateGate = new CountDownLatch(1);
    Supervisor sup = Supervisor.builder("own", loops, SupervisorSpec.oneForOne(
            ChildSpec.worker("slow3", () -> slow).withShutdown(Shutdown.millis(100))))
        .clock(clock).build();
    assertThat(sup.start().isOk()).isTrue();
    AtomicReference<Promise<Void>> stopping = new AtomicReference<>();
    try {
      // the supervisor's decision runs on slow3's loop thread: terminate must not run inside it
      assertThat(loops.loopOf("slow3").execute(() -> stopping.set(sup.stopAsync()))).isTrue();
      assertThat(slow.terminateEntered.await(5, TimeUnit.SECONDS)).isTrue();
      SupervisorFixtures.until(() -> stopping.get() != null,
          () -> "stopAsync to return on the loop thread (terminate ran inline in the decision)");
      clock.advance(Duration.ofMillis(100));
      assertThat(stopping.get().await(ServerHost.deadline(Duration.ofSeconds(5)),
          IdleStrategy.DEFAULT).isOk()).isTrue();
    } finally {
      slow.terminateGate.countDown();
    }
  }

  @Test
  void stop_brutalKill_skipsTerminate() {
    Supervisor sup = Supervisor.builder("bk", loops, SupervisorSpec.oneForOne(
            probe("keep", j), probe("kill", j).withShutdown(Shutdown.BRUTAL_KILL)))
        .clock(clock).build();
    assertThat(sup.start().isOk()).isTrue();

    assertThat(sup.stop().isOk()).isTrue();

    assertThat(j.with("terminate:")).containsExactly("terminate:keep:shutdown");
    assertThat(loops.status("kill")).isNull();
    assertThat(sup.whichChildren().orThrow().get(1).lastExit()).isEqualTo(ExitReason.KILLED);
  }

  @Test
  void terminateChild_terminateOutlivesTimeout_replyAfterTimeoutOnly() throws Exception {
    Probe slow = new Probe("slow2", j);
    slow.terminateGate = new CountDownLatch(1);
    Supervisor sup = Supervisor.builder("tc", loops, SupervisorSpec.oneForOne(
            ChildSpec.worker("slow2", () -> slow).withShutdown(Shutdown.millis(250))))
        .clock(clock).build();
    assertThat(sup.start().isOk()).isTrue();
    try {
      Promise<Void> p = sup.terminateChildAsync("slow2");
      assertThat(slow.terminateEntered.await(5, TimeUnit.SECONDS)).isTrue();
      clock.advance(Duration.ofMillis(249));
      assertThat(p.isDone()).isFalse();
      clock.advance(Duration.ofMillis(1));
      assertThat(p.await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT)
          .isOk()).isTrue();
    } finally {
      slow.terminateGate.countDown();
    }
    sup.stop();
  }
}
