package io.switchboard.cluster.jgroups;

import io.switchboard.cluster.membership.Membership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A membership listener for tests: records every view with its arrival time and lets the test
 * thread wait, with a deadline, until the latest view satisfies a condition. Waiting is on the
 * recorder's monitor, woken by each new view — no sleeping. Thread-safe.
 */
final class ViewRecorder implements Consumer<Membership> {

  /** Arrival time of a view, {@link System#nanoTime()}. */
  record Arrival(Membership membership, long nanos) {}

  private static final int MAX_VIEWS = 1_000;

  private final List<Arrival> arrivals = new ArrayList<>();

  @Override
  public synchronized void accept(Membership m) {
    if (arrivals.size() == MAX_VIEWS) {
      throw new IllegalStateException("more than " + MAX_VIEWS + " views: a view storm");
    }
    arrivals.add(new Arrival(m, System.nanoTime()));
    notifyAll();
  }

  /** Every view so far, in arrival order. */
  synchronized List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  /**
   * Waits until the latest view satisfies {@code condition} and returns it.
   *
   * @throws TimeoutException with the views seen, when the deadline passes first
   */
  synchronized Arrival awaitLatest(Predicate<Membership> condition, Duration timeout, String what)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!arrivals.isEmpty()) {
        Arrival latest = arrivals.get(arrivals.size() - 1);
        if (condition.test(latest.membership())) {
          return latest;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(
            "no view with " + what + " within " + timeout + "; saw " + describe());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  private String describe() {
    List<String> lines = new ArrayList<>();
    for (Arrival a : arrivals) {
      lines.add(a.membership().describe());
    }
    return lines.toString();
  }
}
