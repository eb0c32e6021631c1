package io.switchboard.node.cluster;

import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous increments of a few counters on one thread, spread round-robin over the counters
 * and over the nodes that are up, each with a {@value #DEADLINE_SECONDS} s deadline and never
 * retried here: every outcome goes to the {@link Ledger}, every failure to {@link #failures()}.
 *
 * <p>A node is taken out with {@link #drain} before it is stopped: the load stops choosing it
 * and {@code drain} returns once no call to it is in flight (so a call never meets a node that
 * is gone at the connection level); {@link #admit} puts it back.
 */
final class CallLoad implements AutoCloseable {
  static final long DEADLINE_SECONDS = 5;

  private final ProcessCluster cluster;
  private final Ledger ledger;
  private final List<String> counters;
  private final AtomicIntegerArray up;
  private final AtomicIntegerArray inFlight;
  private final AtomicLong calls = new AtomicLong();
  private final List<String> failures = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stop;

  CallLoad(ProcessCluster cluster, Ledger ledger, List<String> counters, int nodes) {
    this.cluster = cluster;
    this.ledger = ledger;
    this.counters = List.copyOf(counters);
    this.up = new AtomicIntegerArray(nodes);
    this.inFlight = new AtomicIntegerArray(nodes);
    for (int i = 0; i < nodes; i++) {
      up.set(i, 1);
    }
    this.thread = new Thread(this::run, "call-load");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops choosing node {@code i}; returns once no call to it is in flight (bounded). */
  void drain(int i, Duration timeout) {
    up.set(i, 0);
    cluster.await(timeout).until("no call in flight to " + ProcessCluster.nodeName(i),
        () -> inFlight.get(i) == 0);
  }

  /** Node {@code i} takes calls again. */
  void admit(int i) {
    up.set(i, 1);
  }

  long calls() {
    return calls.get();
  }

  synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  private void run() {
    long started = System.nanoTime();
    int node = 0;
    for (long n = 0; !stop; n++) {
      String counter = counters.get((int) (n % counters.size()));
      node = next(node);
      inFlight.incrementAndGet(node);
      try {
        if (up.get(node) == 0) {
          continue; // drained between the choice and the claim: choose again
        }
        NodeClient.Result r = cluster.client(node).call(counter, "increment",
            Duration.ofSeconds(DEADLINE_SECONDS));
        calls.incrementAndGet();
        ledger.increment(counter, ProcessCluster.nodeName(node), r);
        if (!r.ok()) {
          synchronized (this) {
            failures.add(String.format("t=%d ms %s via %s -> %s",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), counter,
                ProcessCluster.nodeName(node), r));
          }
        }
      } finally {
        inFlight.decrementAndGet(node);
      }
    }
  }

  /** The next node after {@code from} that is up (round robin); {@code from} if none is. */
  private int next(int from) {
    for (int k = 1; k <= up.length(); k++) {
      int i = (from + k) % up.length();
      if (up.get(i) == 1) {
        return i;
      }
    }
    return from;
  }

  /** Stops the thread and waits (bounded) for its last call to finish. Idempotent. */
  void stop() {
    stop = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2 * DEADLINE_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
