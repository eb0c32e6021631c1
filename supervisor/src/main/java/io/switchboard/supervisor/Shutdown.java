package io.switchboard.supervisor;

import java.time.Duration;

/**
 * How a supervisor stops a child (OTP's {@code shutdown} of a child spec). Defaults: workers
 * {@link #WORKER_DEFAULT} (5 s), supervisors {@link #INFINITY}.
 *
 * <p>A loop thread cannot be pre-empted: past a timeout the child is <em>dropped</em> (logged as a
 * brutal kill) but its {@code terminate} may still be running on its loop, and its name stays
 * taken on the host until it returns.
 */
public sealed interface Shutdown {

  /**
   * Do not run {@code terminate}: the loop drops the server at its next event. The supervisor
   * still waits for that, at most {@link #KILL_WAIT}, because the name must be free before a
   * restart (OTP's {@code brutal_kill} never waits; a process can always be killed).
   */
  record BrutalKill() implements Shutdown {
    @Override
    public String toString() {
      return "brutal_kill";
    }
  }

  /** Run {@code terminate(shutdown)} and wait at most {@code duration}, then drop the child. */
  record Timeout(Duration duration) implements Shutdown {
    public Timeout {
      if (duration == null || duration.isNegative()) {
        throw new IllegalArgumentException("a shutdown timeout is >= 0, got " + duration);
      }
    }

    @Override
    public String toString() {
      return duration.toMillis() + "ms";
    }
  }

  /** Run {@code terminate(shutdown)} and wait as long as it takes (the default for supervisors). */
  record Infinity() implements Shutdown {
    @Override
    public String toString() {
      return "infinity";
    }
  }

  Shutdown BRUTAL_KILL = new BrutalKill();
  Shutdown INFINITY = new Infinity();
  /** OTP's default for workers: 5 s. */
  Shutdown WORKER_DEFAULT = new Timeout(Duration.ofSeconds(5));
  /** How long a brutal kill waits for the loop to drop the server. */
  Duration KILL_WAIT = Duration.ofSeconds(5);

  /** Wait at most {@code duration} for {@code terminate}. */
  static Shutdown timeout(Duration duration) {
    return new Timeout(duration);
  }

  /** Wait at most {@code millis} ms for {@code terminate} (OTP's integer shutdown). */
  static Shutdown millis(long millis) {
    return new Timeout(Duration.ofMillis(millis));
  }
}
