package io.switchboard.node.deploy;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded waits of the container ITs: ask a probe again and again until its answer is
 * the awaited one or the deadline passes, then fail with the last answer seen. The
 * probes here (gRPC calls, HTTP requests, docker commands) take milliseconds to
 * seconds, so a fixed pause between two probes is enough. Blocks the caller.
 */
final class Poll {

  /** The pause between two probes. */
  static final Duration INTERVAL = Duration.ofMillis(200);

  private Poll() {}

  /**
   * Returns the first answer of {@code probe} that {@code done} accepts.
   *
   * @throws AssertionError with {@code what} and the last answer when none is accepted within {@code timeout}
   */
  static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T answer = probe.get();
      if (done.test(answer)) {
        return answer;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
            + "; last answer: " + answer);
      }
      pause();
    }
  }

  /** Waits until {@code condition} holds. */
  static void until(String what, Duration timeout, Supplier<Boolean> condition) {
    until(what, timeout, condition, Boolean::booleanValue);
  }

  private static void pause() {
    try {
      Thread.sleep(INTERVAL.toMillis()); // the pause between two probes of a bounded wait
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    }
  }
}
