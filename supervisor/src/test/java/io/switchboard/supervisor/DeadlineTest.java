package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.time.Clock;
import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeadlineTest {
  private final ManualClock clock = new ManualClock(1_000);

  @Test
  void after_manualClock_isNowPlusTimeout() {
    Deadline d = Deadline.after(Duration.ofMillis(3), clock);
    assertThat(d.atNanos()).isEqualTo(1_000 + 3_000_000);
    assertThat(d.clock()).isSameAs(clock);
    assertThat(d.remainingNanos()).isEqualTo(3_000_000);
    assertThat(d.remaining()).isEqualTo(Duration.ofMillis(3));
    assertThat(d.isExpired()).isFalse();
  }

  @Test
  void clockReachesDeadline_expiredAndNothingRemains() {
    Deadline d = Deadline.after(Duration.ofSeconds(1), clock);
    clock.advance(Duration.ofMillis(999));
    assertThat(d.isExpired()).isFalse();
    assertThat(d.remaining()).isEqualTo(Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(d.isExpired()).isTrue();
    clock.advance(Duration.ofHours(1));
    assertThat(d.remainingNanos()).isZero();
    assertThat(d.remaining()).isEqualTo(Duration.ZERO);
  }

  @Test
  void after_negativeOrZero_expiredAtOnce() {
    assertThat(Deadline.after(Duration.ofSeconds(-5), clock).isExpired()).isTrue();
    assertThat(Deadline.after(Duration.ZERO, clock).isExpired()).isTrue();
    assertThat(Deadline.after(Duration.ofSeconds(-5), clock).atNanos()).isEqualTo(1_000);
  }

  @Test
  void after_hugeTimeout_cappedToMaxWaitWithoutOverflow() {
    Deadline huge = Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), clock);
    assertThat(huge.remaining()).isEqualTo(Deadline.MAX_WAIT).isEqualTo(Duration.ofDays(1));
    assertThat(Deadline.after(Duration.ofDays(2), clock).remaining()).isEqualTo(Duration.ofDays(1));
    long nanos = ServerHost.deadline(Duration.ofSeconds(Long.MAX_VALUE)) - System.nanoTime();
    assertThat(nanos).isPositive().isLessThanOrEqualTo(Duration.ofDays(1).toNanos());
  }

  @Test
  void after_withoutClock_isOnTheSystemClock() {
    Deadline d = Deadline.after(Duration.ofSeconds(5));
    assertThat(d.clock()).isSameAs(Clock.system());
    assertThat(d.remaining()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void defaultTimeout_isOtpsFiveSecondsAndServerHostAliasesIt() {
    assertThat(Deadline.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
    assertThat(ServerHost.DEFAULT_TIMEOUT).isSameAs(Deadline.DEFAULT_TIMEOUT);
  }

  @Test
  void await_expiredDeadline_timeoutAndLateReplyDropped() {
    Promise<String> p = new Promise<>();
    Reply<String> r = p.await(Deadline.after(Duration.ZERO, clock), IdleStrategy.DEFAULT);
    assertThat(r).isInstanceOf(Reply.Timeout.class);
    assertThat(p.complete(Reply.ok("late"))).isFalse();
  }

  @Test
  void await_manualClockAdvancedByAnotherThread_callerWakesWithTimeout() throws Exception {
    Promise<String> p = new Promise<>();
    Deadline d = Deadline.after(Duration.ofSeconds(10), clock);
    Thread advancer = new Thread(() -> {
      sleepQuietly(50);
      clock.advance(Duration.ofSeconds(10));
    });
    advancer.start();
    assertThat(p.await(d, IdleStrategy.parking())).isInstanceOf(Reply.Timeout.class);
    advancer.join();
  }

  @Test
  void await_replyBeforeDeadline_returnsIt() {
    Promise<String> p = new Promise<>();
    new Thread(() -> {
      sleepQuietly(20);
      p.complete(Reply.ok("v"));
    }).start();
    assertThat(p.await(Deadline.after(Duration.ofSeconds(10)), IdleStrategy.parking()))
        .isEqualTo(Reply.ok("v"));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
