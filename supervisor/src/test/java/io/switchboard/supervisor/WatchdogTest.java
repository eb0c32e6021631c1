package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WatchdogTest {

  /** A step that blocks until released. */
  private static final class Stuck implements GenServer<Object, Integer, Object> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public Integer init() {
      return 0;
    }

    @Override
    public Step<Integer, Object> step(Object input, Integer state) throws InterruptedException {
      entered.countDown();
      if (!release.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      return Step.of(state, "done");
    }
  }

  @Test
  void check_stepLongerThanLimit_reportsOneStallNamingServerAndLoop() throws Exception {
    ManualClock clock = new ManualClock();
    Stuck stuck = new Stuck();
    List<Stall> seen = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.builder("wd-loop").clock(clock).start()) {
      assertThat(loop.start("slow", stuck).isOk()).isTrue();
      Watchdog dog = Watchdog.start(List.of(loop), Duration.ofSeconds(1), Duration.ofMillis(5),
          seen::add);
      try {
        loop.cast("slow", "go");
        assertThat(stuck.entered.await(5, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofMillis(999));
        assertThat(dog.check()).isEmpty();

        clock.advance(Duration.ofMillis(2));
        until(() -> seen.size() == 1, () -> "the stall to be reported");

        Stall s = seen.get(0);
        assertThat(s.loop()).isEqualTo("wd-loop");
        assertThat(s.server()).isEqualTo("slow");
        assertThat(s.runningFor()).isGreaterThanOrEqualTo(Duration.ofMillis(1001));
        assertThat(dog.check()).as("reported once").isEmpty();
        assertThat(dog.stalls()).isEqualTo(1);
      } finally {
        stuck.release.countDown();
        dog.close();
      }
      assertThat(loop.call("slow", "again")).isEqualTo(Reply.ok("done"));
    }
  }

  @Test
  void check_idleOrQuickSteps_reportsNothing() {
    ManualClock clock = new ManualClock();
    try (EventLoop loop = EventLoop.builder("wd-idle").clock(clock).start()) {
      Watchdog dog = Watchdog.start(List.of(loop), Duration.ofSeconds(1), Duration.ofSeconds(1),
          s -> {});
      try {
        clock.advance(Duration.ofSeconds(10));
        assertThat(dog.check()).isEmpty();
      } finally {
        dog.close();
      }
    }
  }
}
