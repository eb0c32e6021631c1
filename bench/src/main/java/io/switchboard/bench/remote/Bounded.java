package io.switchboard.bench.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Blocking calls made side by side with a bound on how many are in flight: the cluster suites'
 * way of touching thousands of names without one thread (or one open call) per name.
 */
final class Bounded {
  private Bounded() {}

  /**
   * Applies {@code fn} to every item on at most {@code inFlight} threads; the results in item
   * order. Blocks for at most {@code bound}.
   *
   * @throws IllegalStateException when {@code bound} passes first or {@code fn} throws
   */
  static <T, R> List<R> map(List<T> items, int inFlight, Duration bound, Function<T, R> fn) {
    Object[] out = new Object[items.size()];
    AtomicInteger next = new AtomicInteger();
    run(Math.min(inFlight, Math.max(1, items.size())), bound, () -> {
      for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
        out[i] = fn.apply(items.get(i));
      }
    });
    @SuppressWarnings("unchecked")
    List<R> results = (List<R>) Arrays.asList(out);
    return results;
  }

  /**
   * Runs {@code threads} copies of {@code worker} and waits until all have returned, for at most
   * {@code bound}; then interrupts any still running.
   *
   * @throws IllegalStateException when {@code bound} passes first or a worker throws (the first
   *     failure is the cause)
   */
  static void run(int threads, Duration bound, Runnable worker) {
    List<Thread> started = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        try {
          worker.run();
        } catch (RuntimeException | Error e) {
          failures.add(e);
        }
      }, "bench-bounded-" + t);
      th.setDaemon(true);
      th.start();
      started.add(th);
    }
    long deadline = System.nanoTime() + bound.toNanos();
    try {
      for (Thread th : started) {
        th.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean late = started.stream().anyMatch(Thread::isAlive);
    started.forEach(Thread::interrupt);
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a worker failed: " + failures.get(0), failures.get(0));
    }
    if (late) {
      throw new IllegalStateException("workers still running after " + bound.toSeconds() + " s");
    }
  }
}
