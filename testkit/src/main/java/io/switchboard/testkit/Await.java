package io.switchboard.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting with bounds: ask a condition again and again, with a pause between two asks, until it
 * holds or the deadline passes; then fail with {@link AwaitFailed}, saying what was awaited, the
 * last answer and the caller's context. There is no wait without a limit.
 *
 * <pre>{@code
 * Await.until("3 members", Duration.ofSeconds(30), () -> members() == 3);
 * Reply r = Await.atMost(Duration.ofSeconds(10)).pollEvery(Duration.ofMillis(200))
 *     .onTimeout(cluster::tails)
 *     .until("a survivor serves counter-7", () -> call("counter-7"), Reply::ok);
 * }</pre>
 *
 * <p>An immutable value: {@link #pollEvery} and {@link #onTimeout} return new values. {@code
 * until} blocks the calling thread (any thread) and runs the condition on it; the condition is
 * asked at least once, and once more after the deadline's last pause. An exception the condition
 * throws ends the wait at once and reaches the caller unchanged: throw one to fail fast (a node
 * that exited never becomes ready). An interrupt ends the wait with {@link AwaitFailed} and leaves
 * the thread's interrupt flag set.
 */
public final class Await {
  /** The pause between two asks unless {@link #pollEvery} says otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(20);

  private final Duration timeout;
  private final Duration interval;
  private final Supplier<String> context;

  private Await(Duration timeout, Duration interval, Supplier<String> context) {
    this.timeout = timeout;
    this.interval = interval;
    this.context = context;
  }

  /** A wait of at most {@code timeout} (positive), asking every {@link #DEFAULT_INTERVAL}. */
  public static Await atMost(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a wait needs a positive timeout, got " + timeout);
    }
    return new Await(timeout, DEFAULT_INTERVAL, () -> "");
  }

  /** Waits until {@code condition} holds, for at most {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    atMost(timeout).until(what, condition);
  }

  /** The same wait, pausing {@code interval} (positive) between two asks. */
  public Await pollEvery(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("a poll interval must be positive, got " + interval);
    }
    return new Await(timeout, interval, context);
  }

  /** The same wait, appending {@code context} (asked only on failure) to its failure message. */
  public Await onTimeout(Supplier<String> context) {
    return new Await(timeout, interval, Objects.requireNonNull(context));
  }

  /** Blocks until {@code condition} holds; see the class comment for failures. */
  public void until(String what, BooleanSupplier condition) {
    until(what, condition::getAsBoolean, Boolean::booleanValue);
  }

  /**
   * Blocks until {@code probe} answers something {@code accepted} takes, and returns that answer.
   *
   * @throws AwaitFailed after the timeout, with {@code what} and the last answer
   */
  public <T> T until(String what, Supplier<T> probe, Predicate<? super T> accepted) {
    long start = System.nanoTime();
    while (true) {
      T answer = probe.get();
      if (accepted.test(answer)) {
        return answer;
      }
      long left = timeout.toNanos() - (System.nanoTime() - start);
      if (left <= 0) {
        throw new AwaitFailed(message("timed out after " + describe(timeout), what, answer));
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, interval.toNanos())); // between two asks
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AwaitFailed(message("interrupted", what, answer), e);
      }
    }
  }

  private String message(String how, String what, Object last) {
    String extra = context.get();
    return how + " waiting for " + what
        + (last instanceof Boolean ? "" : "; last answer: " + last)
        + (extra == null || extra.isEmpty() ? "" : "\n" + extra);
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  @Override
  public String toString() {
    return "Await(at most " + describe(timeout) + ", every " + describe(interval) + ")";
  }
}
