package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.probe;
import static io.switchboard.supervisor.SupervisorFixtures.settle;
import static io.switchboard.supervisor.SupervisorFixtures.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Restart backoff under a manual clock: the restart times follow the schedule. */
@Timeout(30)
class SupervisorBackoffTest {
  private final ManualClock clock = new ManualClock();
  private final Journal j = new Journal();
  private EventLoop loop;

  @BeforeEach
  void start() {
    loop = EventLoop.builder("bo").clock(clock).start();
  }

  @AfterEach
  void stop() {
    loop.close();
  }

  private Supervisor supervisor(Backoff backoff, int intensity) {
    Supervisor sup = Supervisor.builder("bo", loop, SupervisorSpec.oneForOne(
            probe("w", j).withBackoff(backoff))
        .withIntensity(intensity, Duration.ofSeconds(60))).build();
    assertThat(sup.start().isOk()).isTrue();
    return sup;
  }

  /** Crashes w and checks it restarts exactly {@code delay} later on the clock. */
  private void crashAndExpectRestartAfter(Duration delay) {
    int inits = j.inits("w");
    assertThat(loop.call("w", "crash")).isInstanceOf(Reply.Crashed.class);
    until(() -> loop.status("w") == ServerStatus.RESTARTING, () -> "w to back off");
    Reply<Object> during = loop.call("w", "x");
    assertThat(during).isInstanceOf(Reply.Unavailable.class);
    assertThat(((Reply.Unavailable<Object>) during).message()).contains("restarting");

    clock.advance(delay.minusMillis(1));
    assertThat(loop.call("w", "x")).as("1 ms before the delay " + delay)
        .isInstanceOf(Reply.Unavailable.class);
    assertThat(j.inits("w")).isEqualTo(inits);

    clock.advance(Duration.ofMillis(1));
    until(() -> loop.status("w") == ServerStatus.RUNNING, () -> "w restarted after " + delay);
    assertThat(j.inits("w")).isEqualTo(inits + 1);
  }

  @Test
  void crash_withBackoff_restartTimesFollowTheSchedule() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).withJitter(0)
        .withResetAfter(Duration.ofSeconds(10));
    Supervisor sup = supervisor(b, 100);

    for (long ms : new long[] {100, 200, 400, 800, 1000, 1000}) {
      crashAndExpectRestartAfter(Duration.ofMillis(ms));
    }
    // healthy for resetAfter: the schedule starts over
    clock.advance(Duration.ofSeconds(10));
    crashAndExpectRestartAfter(Duration.ofMillis(100));
    settle(sup);
    assertThat(sup.whichChildren().orThrow().get(0).restarts()).isEqualTo(7);
    sup.stop();
  }

  @Test
  void crash_withJitter_delayUsesTheInjectedRandom() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1))
        .withJitter(0.5).withRandom(() -> 0.5);
    Supervisor sup = supervisor(b, 100);
    crashAndExpectRestartAfter(Duration.ofMillis(125));
    crashAndExpectRestartAfter(Duration.ofMillis(250));
    sup.stop();
  }

  @Test
  void crash_whileBackingOffBudgetSpent_restartsStillCountTowardIntensity() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).withJitter(0);
    Supervisor sup = supervisor(b, 1);
    crashAndExpectRestartAfter(Duration.ofMillis(100));

    loop.call("w", "crash");
    until(() -> sup.status() == ChildStatus.STOPPED, () -> "give up on the second restart");
    assertThat(loop.status("w")).isNull();
    assertThat(j.inits("w")).isEqualTo(2);
  }

  @Test
  void stop_duringBackoff_cancelsTheRestart() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).withJitter(0);
    Supervisor sup = supervisor(b, 10);
    loop.call("w", "crash");
    until(() -> loop.status("w") == ServerStatus.RESTARTING, () -> "w to back off");

    assertThat(sup.stop().isOk()).isTrue();
    clock.advance(Duration.ofSeconds(2));
    settle(sup);

    assertThat(loop.status("w")).isNull();
    assertThat(j.inits("w")).isEqualTo(1);
  }

  @Test
  void crash_oneForAllWithBackoff_groupStartsAfterTheDelay() {
    Backoff b = Backoff.exponential(Duration.ofMillis(300), Duration.ofSeconds(1)).withJitter(0);
    Supervisor sup = Supervisor.builder("bo-all", loop, SupervisorSpec.oneForAll(
        probe("x", j), probe("y", j).withBackoff(b))).build();
    assertThat(sup.start().isOk()).isTrue();

    loop.call("y", "crash");
    until(() -> loop.status("y") == ServerStatus.RESTARTING && loop.status("x") == null,
        () -> "x stopped, y backing off");
    clock.advance(Duration.ofMillis(299));
    assertThat(loop.call("y", "n")).isInstanceOf(Reply.Unavailable.class);
    clock.advance(Duration.ofMillis(1));
    until(() -> loop.status("x") == ServerStatus.RUNNING
        && loop.status("y") == ServerStatus.RUNNING, () -> "group restarted");
    assertThat(j.with("init:")).containsExactly("init:x", "init:y", "init:x", "init:y");
    sup.stop();
  }
}
