package io.switchboard.bench.remote;

import io.grpc.ManagedChannel;
import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The replication suite's measurements on one formed cluster: sequential increments of an active
 * counter sent to its shard's leader (no forwarding hop), optionally interleaved with first calls
 * to new counters and the raw baselines (fsync, gRPC echo), then the throughput of
 * {@value #CALLERS} concurrent callers on distinct counters. One driver thread.
 */
final class ReplicationCluster {
  static final String ACTIVE = "increment of an active counter, via its leader";
  static final String FIRST = "increment, first call to a new counter, via its leader";
  static final String FSYNC = "raw fsync: 64-byte append + force(false), node's work dir";
  static final String ECHO = "raw gRPC echo (1 round trip)";
  /** Concurrent callers of the throughput measurement, each on a counter of its own. */
  static final int CALLERS = 16;
  private static final int LEADER = 0;
  private static final Duration CALL = Duration.ofSeconds(5);
  private static final Duration RATE_BOUND = Duration.ofMinutes(5);
  private static final Pattern COMMIT = Pattern.compile(
      "^switchboard_commit_seconds_(sum|count)(?:\\{[^}]*\\})?\\s+(\\S+)", Pattern.MULTILINE);

  private final ProcessCluster c;
  private final String tag;
  private final AtomicLong ids = new AtomicLong();
  /** Failed increments by status and description (first 160 characters). */
  private final Map<String, Long> failures = new java.util.concurrent.ConcurrentSkipListMap<>();

  ReplicationCluster(ProcessCluster c, String tag) {
    this.c = c;
    this.tag = tag;
  }

  /**
   * Measures {@code warmup} then {@code calls} sequential calls of each kind, then the rate of
   * {@value #CALLERS} callers making {@code perCaller} increments each. With {@code echo}, the
   * first calls and both raw baselines run interleaved with the active increments.
   *
   * <p>A failed increment is counted by status in {@link ReplicationRun#failures} and the
   * measurement goes on (its time is still recorded): a cluster without faults should have none.
   */
  ReplicationRun measure(String durability, int warmup, int calls, int perCaller,
      @Nullable ManagedChannel echo) throws IOException {
    boolean baselines = echo != null;
    int fresh = baselines ? warmup + calls : 0;
    Map<Integer, List<String>> owned = Owners.byOwner(c, "counter-repl-" + tag + "-",
        Math.max(fresh + 1, CALLERS / 3 + 2), (fresh + 1) * c.size() * 20 + 1_000);
    List<String> leaderNames = owned.get(LEADER);
    if (leaderNames.size() < fresh + 1) {
      throw new IllegalStateException(c.node(LEADER).name() + " leads only "
          + leaderNames.size() + " names of the candidates; " + (fresh + 1) + " needed");
    }
    String active = leaderNames.get(0);
    NodeClient leader = c.client(LEADER);
    increment(leader, active);
    Interleaved runs = new Interleaved().add(ACTIVE, () -> increment(leader, active));
    double[] before = commitTotals();
    try (FsyncProbe fsync = baselines ? new FsyncProbe(c.workDir().resolve("n1")) : null) {
      if (baselines) {
        int[] next = {1};
        runs.add(FIRST, () -> increment(leader, leaderNames.get(next[0]++)))
            .add(FSYNC, fsync::appendAndSync)
            .add(ECHO, () -> CrossNodeSuite.echoCall(echo));
      }
      Map<String, org.HdrHistogram.Histogram> latency = runs.run(warmup, calls);
      double[] after = commitTotals();
      long commits = Math.round(after[1] - before[1]);
      double commitMean = commits == 0 ? Double.NaN : (after[0] - before[0]) / commits;
      double rate = rate(owned, perCaller);
      return new ReplicationRun(durability, latency, rate, commitMean, commits,
          Map.copyOf(failures));
    }
  }

  /**
   * Successful increments per second of {@value #CALLERS} callers, each on its own counter via
   * its leader.
   */
  private double rate(Map<Integer, List<String>> owned, int perCaller) {
    List<String> names = new ArrayList<>();
    List<NodeClient> via = new ArrayList<>();
    for (int k = 0; names.size() < CALLERS; k++) {
      int node = k % c.size();
      List<String> mine = owned.get(node);
      int pick = mine.size() - 1 - k / c.size(); // from the end: not the sequential ones
      if (pick < 1) {
        throw new IllegalStateException("too few names led by " + c.node(node).name());
      }
      names.add(mine.get(pick));
      via.add(c.client(node));
    }
    AtomicLong t0 = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(CALLERS, () -> t0.set(System.nanoTime()));
    AtomicLong ok = new AtomicLong();
    List<Long> ends = Bounded.map(java.util.stream.IntStream.range(0, CALLERS).boxed().toList(),
        CALLERS, RATE_BOUND, k -> {
          for (int i = 0; i < Math.max(5, perCaller / 10); i++) {
            increment(via.get(k), names.get(k));
          }
          await(start);
          for (int i = 0; i < perCaller; i++) {
            if (increment(via.get(k), names.get(k))) {
              ok.incrementAndGet();
            }
          }
          return System.nanoTime();
        });
    long end = ends.stream().mapToLong(Long::longValue).max().orElseThrow();
    return ok.get() / ((end - t0.get()) / 1e9);
  }

  /** One increment with a fresh request id; false (and counted) when it failed. */
  private boolean increment(NodeClient via, String name) {
    NodeClient.Result r = via.call(name, "increment", "repl-" + tag + "-" + ids.incrementAndGet(),
        CALL);
    if (!r.ok()) {
      String what = r.toString();
      failures.merge(what.substring(0, Math.min(160, what.length())), 1L, Long::sum);
    }
    return r.ok();
  }

  /** The sum (seconds) and count of {@code switchboard_commit_seconds} over all nodes. */
  private double[] commitTotals() {
    double[] totals = new double[2];
    for (int i = 0; i < c.size(); i++) {
      Matcher m = COMMIT.matcher(c.node(i).metrics());
      while (m.find()) {
        totals[m.group(1).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(2));
      }
    }
    return totals;
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await(RATE_BOUND.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted at the start line", e);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("the callers did not all start", e);
    }
  }
}
