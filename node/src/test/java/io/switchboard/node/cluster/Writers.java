package io.switchboard.node.cluster;

import io.grpc.Status;
import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Writer threads that keep sending {@code increment} to counters through the nodes that are up,
 * recording every outcome in {@link Acks}. Thread {@code k} owns the counters at {@code k},
 * {@code k + threads}, … (one writer per counter, so its acknowledged count only grows) and
 * turns round-robin over the nodes.
 *
 * <p>Without request ids each increment is sent once ({@link #DEADLINE}); whatever fails is not
 * retried. With request ids ({@code idPrefix} not null) each logical increment gets its own id
 * ({@code <idPrefix>w<k>-<n>}, so two instances on one cluster need two prefixes) and is
 * sent again with the <b>same</b> id through the next node on {@code UNAVAILABLE} or {@code
 * DEADLINE_EXCEEDED}, for at most {@link #RETRY_BUDGET}; one still unacknowledged then (or at
 * {@link #stop}) is kept and settled by {@link #resolve}. Any other answer is a violation.
 */
final class Writers implements AutoCloseable {
  /** Deadline of one attempt. */
  static final Duration DEADLINE = Duration.ofSeconds(3);
  /** How long one logical increment with a request id is retried before it is left to resolve. */
  static final Duration RETRY_BUDGET = Duration.ofSeconds(20);
  /** Pause between two attempts of one request id (a client's backoff, bounded). */
  private static final long BACKOFF_MILLIS = 50;

  private final ProcessCluster cluster;
  private final Acks acks;
  private final List<String> counters;
  private final String idPrefix;
  private final AtomicIntegerArray up;
  private final AtomicLongArray ackedVia;
  private final List<Thread> threads = new ArrayList<>();
  private final List<String[]> unresolved = new ArrayList<>();
  private final Map<String, Integer> failures = new TreeMap<>();
  private volatile boolean stop;

  /**
   * {@code threads} writers of {@code counters} through nodes {@code 0..nodes-1}; with request
   * ids when {@code idPrefix} is not null. Starts nothing.
   */
  Writers(ProcessCluster cluster, Acks acks, List<String> counters, int nodes, int threads,
      String idPrefix) {
    this.cluster = cluster;
    this.acks = acks;
    this.counters = List.copyOf(counters);
    this.idPrefix = idPrefix;
    this.up = new AtomicIntegerArray(nodes);
    this.ackedVia = new AtomicLongArray(nodes);
    for (int i = 0; i < nodes; i++) {
      up.set(i, 1);
    }
    for (int k = 0; k < threads; k++) {
      int id = k;
      Thread t = new Thread(() -> run(id, threads), "writer-" + k);
      t.setDaemon(true);
      this.threads.add(t);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  /** Stops choosing node {@code i} (calls in flight to it finish or fail on their own). */
  void down(int i) {
    up.set(i, 0);
  }

  /** Node {@code i} takes writes again. */
  void up(int i) {
    up.set(i, 1);
  }

  /** How many increments node {@code i} acknowledged so far. */
  long ackedVia(int i) {
    return ackedVia.get(i);
  }

  /** Failed attempts by status code. */
  synchronized Map<String, Integer> failures() {
    return new TreeMap<>(failures);
  }

  /** Logical increments with a request id still unacknowledged. */
  synchronized int unresolved() {
    return unresolved.size();
  }

  private void run(int k, int threads) {
    List<String> mine = new ArrayList<>();
    for (int c = k; c < counters.size(); c += threads) {
      mine.add(counters.get(c));
    }
    int node = k;
    for (long n = 0; !stop; n++) {
      String counter = mine.get((int) (n % mine.size()));
      node = next(node);
      acks.send(counter);
      if (idPrefix != null) {
        node = untilAcked(counter, idPrefix + "w" + k + "-" + n, node, RETRY_BUDGET);
      } else {
        NodeClient.Result r = cluster.client(node).call(counter, "increment", DEADLINE);
        record(counter, null, node, r);
      }
    }
  }

  /**
   * Sends {@code increment} with {@code id} from node {@code node} on until acknowledged, within
   * {@code budget} and until {@link #stop}; keeps it for {@link #resolve} otherwise. Returns the
   * node of the last attempt.
   */
  private int untilAcked(String counter, String id, int node, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    while (true) {
      NodeClient.Result r = cluster.client(node).call(counter, "increment", id, DEADLINE);
      if (record(counter, id, node, r)) {
        return node;
      }
      if (stop || System.nanoTime() > deadline || !retryable(r)) {
        synchronized (this) {
          unresolved.add(new String[] {counter, id});
        }
        return node;
      }
      node = next(node);
      pause();
    }
  }

  /** Records {@code r}; true when it acknowledged the increment. */
  private boolean record(String counter, String id, int node, NodeClient.Result r) {
    if (r.ok() && r.text().equals("ack")) {
      acks.acked(counter, id);
      ackedVia.incrementAndGet(node);
      return true;
    }
    synchronized (this) {
      failures.merge(r.code().toString(), 1, Integer::sum);
    }
    if (!retryable(r)) {
      acks.violation("increment " + counter + (id == null ? "" : " id " + id) + " via "
          + ProcessCluster.nodeName(node) + " -> " + r);
    }
    return false;
  }

  private static boolean retryable(NodeClient.Result r) {
    return r.code() == Status.Code.UNAVAILABLE || r.code() == Status.Code.DEADLINE_EXCEEDED;
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

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the threads and waits (bounded) for their last increment. Idempotent. */
  void stop() {
    stop = true;
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(2 * DEADLINE.toSeconds()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " did not stop\n" + cluster.tails());
      }
    }
  }

  /**
   * After {@link #stop}: sends every unresolved request id again, through the nodes that are
   * up, until it is acknowledged (within {@code budget} each); returns how many were. An id that
   * the cluster applied before answers its recorded {@code ack} without a second increment.
   */
  int resolve(Duration budget) {
    List<String[]> left;
    synchronized (this) {
      left = new ArrayList<>(unresolved);
      unresolved.clear();
    }
    boolean wasStopped = stop;
    stop = false; // untilAcked stops retrying at stop
    try {
      int node = 0;
      for (String[] c : left) {
        node = untilAcked(c[0], c[1], next(node), budget);
      }
    } finally {
      stop = wasStopped;
    }
    synchronized (this) {
      if (!unresolved.isEmpty()) {
        throw new AssertionError(unresolved.size() + " request ids never acknowledged, e.g. "
            + unresolved.get(0)[0] + " " + unresolved.get(0)[1] + "\n" + cluster.tails());
      }
    }
    return left.size();
  }

  @Override
  public void close() {
    stop = true;
  }
}
