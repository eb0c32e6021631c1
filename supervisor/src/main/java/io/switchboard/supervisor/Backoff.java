package io.switchboard.supervisor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Restart backoff for one child (beyond OTP, as in Pekko's {@code restartWithBackoff}): the
 * {@code n}-th consecutive restart waits
 *
 * <pre>  delay(n) = min(max, min · 2ⁿ · (1 + jitter · r))     r ∈ [0, 1) from {@link #random}</pre>
 *
 * <p>While a child waits, calls to it get {@code Unavailable("restarting")}; the wait still counts
 * as a restart toward the supervisor's intensity. The count {@code n} starts again at 0 when the
 * child ran at least {@link #resetAfter} since its last start. Immutable; {@link #delay} is pure
 * given the random source.
 *
 * @param min the first delay, &gt; 0
 * @param max the cap, &gt;= min
 * @param jitter the random spread, 0..1 (0 = exact doubling)
 * @param resetAfter uptime after which the next restart waits {@code min} again
 * @param random a source of doubles in [0, 1); inject a fixed one in tests
 */
public record Backoff(
    Duration min, Duration max, double jitter, Duration resetAfter, DoubleSupplier random) {

  /** The default jitter: 20 %. */
  public static final double DEFAULT_JITTER = 0.2;

  public Backoff {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(resetAfter, "resetAfter");
    Objects.requireNonNull(random, "random");
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + ".." + max);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("backoff jitter is 0..1, got " + jitter);
    }
    if (resetAfter.isNegative()) {
      throw new IllegalArgumentException("backoff resetAfter is >= 0, got " + resetAfter);
    }
  }

  /**
   * Exponential from {@code min} to {@code max} with 20 % jitter from
   * {@link ThreadLocalRandom}; the count resets after {@code max} of uptime.
   */
  public static Backoff exponential(Duration min, Duration max) {
    return new Backoff(min, max, DEFAULT_JITTER, max,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  public Backoff withJitter(double jitter) {
    return new Backoff(min, max, jitter, resetAfter, random);
  }

  public Backoff withResetAfter(Duration resetAfter) {
    return new Backoff(min, max, jitter, resetAfter, random);
  }

  public Backoff withRandom(DoubleSupplier random) {
    return new Backoff(min, max, jitter, resetAfter, random);
  }

  /** The wait before the {@code attempt}-th consecutive restart (0-based). */
  public Duration delay(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt is >= 0, got " + attempt);
    }
    double r = random.getAsDouble();
    if (!(r >= 0 && r < 1)) {
      throw new IllegalStateException("backoff random source must give [0, 1), gave " + r);
    }
    double nanos = min.toNanos() * Math.pow(2, Math.min(attempt, 62)) * (1 + jitter * r);
    long capped = (long) Math.min(nanos, max.toNanos());
    return Duration.ofNanos(capped);
  }

  @Override
  public String toString() {
    return "Backoff[min=" + min + ", max=" + max + ", jitter=" + jitter + ", resetAfter="
        + resetAfter + "]";
  }
}
