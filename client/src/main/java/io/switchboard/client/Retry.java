package io.switchboard.client;

import io.grpc.Status;
import java.time.Duration;

/**
 * When a logical call tries again, as a pure function of how it failed so far.
 *
 * <p>Only {@code UNAVAILABLE} is retried: the node was not ready, had no quorum, was leaving, or
 * could not be reached, so trying another node (or the same one a little later) can succeed.
 * Every other code is an answer ({@code ABORTED}: the server crashed on this input;
 * {@code DEADLINE_EXCEEDED}: the caller's time is up) and goes back to the caller as it is.
 *
 * <p>Retry {@code k} goes at once to the next target while some target has not been tried in
 * this call yet; once each has failed, every further retry first waits an exponential backoff
 * with equal jitter: a uniform pick in {@code [cap/2, cap)} where {@code cap} starts at
 * {@code initialBackoff} and doubles per round up to {@code maxBackoff}. The caller's deadline
 * bounds it all: a retry that could not start before the deadline is not made.
 *
 * @param maxAttempts attempts per logical call, the first one included (1..{@value #ATTEMPTS_LIMIT})
 * @param initialBackoff the first wait once every target failed
 * @param maxBackoff the longest wait
 */
record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  /** A hard bound on {@link #maxAttempts}: more than this hides an outage behind latency. */
  static final int ATTEMPTS_LIMIT = 100;

  /** The defaults: 3 attempts, backoff from 50 ms up to 1 s. */
  static final Retry DEFAULT = new Retry(3, Duration.ofMillis(50), Duration.ofSeconds(1));

  Retry {
    if (maxAttempts < 1 || maxAttempts > ATTEMPTS_LIMIT) {
      throw new IllegalArgumentException(
          "maxAttempts must be in 1.." + ATTEMPTS_LIMIT + " (1 = no retries), was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, was "
          + initialBackoff + " and " + maxBackoff);
    }
  }

  /** Whether a call whose attempt number {@code attempts} just failed with {@code code} retries. */
  boolean retries(Status.Code code, int attempts) {
    return code == Status.Code.UNAVAILABLE && attempts < maxAttempts;
  }

  /**
   * The wait before the attempt that follows {@code attempts} failed ones, over {@code targets}
   * targets; {@code random} is uniform in {@code [0, 1)}.
   */
  long delayNanos(int attempts, int targets, double random) {
    int round = attempts - targets;
    if (round < 0) {
      return 0; // an untried target is next: no reason to wait
    }
    double cap = Math.min(maxBackoff.toNanos(),
        initialBackoff.toNanos() * Math.pow(2, Math.min(round, 62)));
    return (long) (cap / 2 + random * cap / 2);
  }
}
