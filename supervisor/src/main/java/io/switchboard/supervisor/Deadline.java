package io.switchboard.supervisor;

import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * An absolute point on a monotonic clock by which a request must be answered: made once where
 * the request enters (the gRPC edge, a blocking {@code call}) and carried unchanged to the loop
 * that steps it, so every hop checks the same instant instead of re-deriving a timeout
 * (grpc-java's {@code Deadline}, OTP's call timeout made absolute).
 *
 * <p>Waits are bounded: {@link #after} caps a timeout at {@link #MAX_WAIT} (one day) and treats
 * a negative one as zero, so the arithmetic never overflows. Compare only deadlines on the same
 * clock. Immutable and thread-safe; {@link #isExpired} and {@link #remainingNanos} read the clock.
 *
 * <p>Calls are measured on the real clock ({@link Clock#system()}: a blocked caller must wake up
 * in real time); a test may build a deadline on a {@code ManualClock} to decide expiry itself.
 *
 * @param clock the monotonic clock the deadline is on
 * @param atNanos the instant, in {@code clock}'s {@link Clock#nanoTime()} units
 */
public record Deadline(Clock clock, long atNanos) {

  /** OTP's default call timeout: {@code gen_server:call/2} waits 5 s. Written here only. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The longest wait a deadline allows: a longer one is a bug, and the cap avoids overflow. */
  public static final Duration MAX_WAIT = Duration.ofDays(1);

  private static final long MAX_WAIT_NANOS = MAX_WAIT.toNanos();

  public Deadline {
    Objects.requireNonNull(clock, "clock");
  }

  /** {@code timeout} from now on {@code clock}, capped to {@link #MAX_WAIT}, at least now. */
  public static Deadline after(Duration timeout, Clock clock) {
    return new Deadline(clock, clock.nanoTime() + boundedNanos(timeout));
  }

  /** {@code timeout} from now on the real monotonic clock ({@link Clock#system()}). */
  public static Deadline after(Duration timeout) {
    return after(timeout, Clock.system());
  }

  /** Nanos left until the deadline; 0 once it passed. */
  public long remainingNanos() {
    return Math.max(0, atNanos - clock.nanoTime());
  }

  /** Time left until the deadline; {@link Duration#ZERO} once it passed. */
  public Duration remaining() {
    return Duration.ofNanos(remainingNanos());
  }

  /** True once the clock reached the deadline. */
  public boolean isExpired() {
    return clock.nanoTime() - atNanos >= 0;
  }

  /** {@link System#nanoTime()} {@code timeout} from now, bounded as {@link #after}. */
  static long systemNanosAfter(Duration timeout) {
    return System.nanoTime() + boundedNanos(timeout);
  }

  /** {@code timeout} in nanos within 0..{@link #MAX_WAIT}; never overflows. */
  static long boundedNanos(Duration timeout) {
    if (timeout.isNegative()) {
      return 0;
    }
    return timeout.compareTo(MAX_WAIT) >= 0 ? MAX_WAIT_NANOS : timeout.toNanos();
  }
}
