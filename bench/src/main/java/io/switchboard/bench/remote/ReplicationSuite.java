package io.switchboard.bench.remote;

import io.grpc.ManagedChannel;
import io.switchboard.bench.BenchContext;
import io.switchboard.bench.Suite;
import io.switchboard.bench.model.Baseline;
import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.model.Series;
import io.switchboard.bench.report.Goals;
import io.switchboard.testkit.AwaitFailed;
import io.switchboard.testkit.ChildProcess;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What replication costs (issue 14): increments of a {@code REPLICATED} counter through its
 * shard's leader beside the same on a cluster whose counters are {@code NONE}, against a raw
 * fsync and a raw gRPC round trip measured in the same run; the throughput of concurrent callers
 * with and without replication; and a first call to a new name against a call to an active one.
 */
public final class ReplicationSuite implements Suite {
  /** The node's switch for the counters' durability ({@code CounterTemplate.DURABILITY_ENV}). */
  static final String DURABILITY_ENV = "SWITCHBOARD_APP_COUNTER_DURABILITY";
  private static final String REPLICATED = "REPLICATED";
  private static final String NONE = "NONE";

  @Override
  public String name() {
    return "replication";
  }

  @Override
  public String title() {
    return "Cost of replication: REPLICATED vs NONE counters";
  }

  @Override
  public Findings run(BenchContext ctx) throws Exception {
    Findings.Builder f = Findings.builder(method(ctx));
    if (!Files.isRegularFile(ctx.options().nodeJar())) {
      return f.gap("the node jar " + ctx.options().nodeJar() + " does not exist (build it with "
          + "`./mvnw -pl node -am package`).").build();
    }
    int echoPort = FreePorts.port();
    ReplicationRun replicated;
    ReplicationRun none;
    try (ChildProcess echo = CrossNodeSuite.startEcho(ctx, echoPort, -1)) {
      ManagedChannel echoCh = CrossNodeSuite.channel(echoPort);
      try {
        replicated = measure(ctx, f, REPLICATED, Map.of(), echoCh);
      } finally {
        echoCh.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    none = measure(ctx, f, NONE, Map.of(DURABILITY_ENV, "none"), null);
    report(f, replicated, none);
    return f.build();
  }

  /** One cluster with {@code env}, measured and closed; null (and a gap) when it failed. */
  private static @Nullable ReplicationRun measure(BenchContext ctx, Findings.Builder f,
      String durability, Map<String, String> env, @Nullable ManagedChannel echo) {
    String tag = durability.toLowerCase(java.util.Locale.ROOT);
    try (ProcessCluster c = Nodes.start(ctx, 3, "replication-" + tag, env)) {
      ReplicationRun run = new ReplicationCluster(c, tag).measure(durability, ctx.pick(50, 500),
          ctx.pick(200, 5_000), ctx.pick(50, 500), echo);
      System.out.println("bench: replication " + durability + ": increment p50 "
          + Math.round(run.micros(ReplicationCluster.ACTIVE, 50)) + " µs, "
          + Math.round(run.rate()) + " increments/s with " + ReplicationCluster.CALLERS
          + " callers, failed " + run.failures());
      return run;
    } catch (IOException | RuntimeException | AwaitFailed e) {
      f.gap("the " + durability + " cluster was not measured:\n\n```\n"
          + CrossNodeSuite.brief(e) + "\n```");
      return null;
    }
  }

  private static void report(Findings.Builder f, @Nullable ReplicationRun repl,
      @Nullable ReplicationRun none) {
    List<Series> series = new ArrayList<>();
    if (repl != null) {
      double active = repl.micros(ReplicationCluster.ACTIVE, 50);
      double fsync = repl.micros(ReplicationCluster.FSYNC, 50);
      double echo = repl.micros(ReplicationCluster.ECHO, 50);
      f.figure(new Figure("replication.replicated.p50", "REPLICATED: " + ReplicationCluster.ACTIVE
          + ", p50", active, "µs", List.of(new Baseline("fsync p50 + echo p50", fsync + echo),
              new Baseline("fsync p50", fsync), new Baseline("echo p50", echo))));
      f.figure(new Figure("replication.replicated.p99", "REPLICATED: " + ReplicationCluster.ACTIVE
          + ", p99", repl.micros(ReplicationCluster.ACTIVE, 99), "µs", List.of(
              new Baseline("fsync p99", repl.micros(ReplicationCluster.FSYNC, 99)))));
      f.figure(Figure.of("replication.fsync.p50", ReplicationCluster.FSYNC + ", p50", fsync,
          "µs"));
      f.figure(Figure.of("replication.fsync.p99", ReplicationCluster.FSYNC + ", p99",
          repl.micros(ReplicationCluster.FSYNC, 99), "µs"));
      f.figure(Figure.of("replication.echo.p50", ReplicationCluster.ECHO + ", p50", echo, "µs"));
      f.figure(Figure.of(Goals.REPLICATION_COST, "replicated increment via the leader ÷ (one "
          + "fsync + one gRPC round trip), p50", active / (fsync + echo), "×"));
      f.figure(new Figure("replication.commit.mean", "the nodes' own `switchboard_commit_seconds`"
          + " mean over the sequential calls (" + repl.commits() + " commits)",
          repl.commitMean() * 1e6, "µs", List.of(new Baseline("fsync p50", fsync))));
      double first = repl.micros(ReplicationCluster.FIRST, 50);
      f.figure(new Figure("replication.first.p50", "REPLICATED: " + ReplicationCluster.FIRST
          + ", p50", first, "µs", List.of(new Baseline("active counter p50", active))));
      f.figure(Figure.of("replication.first.p99", "REPLICATED: " + ReplicationCluster.FIRST
          + ", p99", repl.micros(ReplicationCluster.FIRST, 99), "µs"));
      f.figure(Figure.of(Goals.FIRST_CALL, "first call to a new counter ÷ call to an active "
          + "one, p50 (REPLICATED)", first / active, "×"));
      repl.latency().keySet().stream().sorted().forEach(k -> series.add(bars(
          REPLICATED + ": " + k, repl, k)));
    }
    if (none != null) {
      double active = none.micros(ReplicationCluster.ACTIVE, 50);
      List<Baseline> base = repl == null ? List.of() : List.of(new Baseline("REPLICATED p50",
          repl.micros(ReplicationCluster.ACTIVE, 50)));
      f.figure(new Figure("replication.none.p50", "NONE: " + ReplicationCluster.ACTIVE + ", p50",
          active, "µs", base));
      f.figure(Figure.of("replication.none.p99", "NONE: " + ReplicationCluster.ACTIVE + ", p99",
          none.micros(ReplicationCluster.ACTIVE, 99), "µs"));
      series.add(bars(NONE + ": " + ReplicationCluster.ACTIVE, none, ReplicationCluster.ACTIVE));
    }
    String rate = "increments/s, " + ReplicationCluster.CALLERS + " concurrent callers on "
        + "distinct counters via their leaders";
    if (repl != null) {
      f.figure(Figure.of("replication.rate.replicated", "REPLICATED: " + rate, repl.rate(),
          "1/s"));
    }
    if (none != null) {
      f.figure(Figure.of("replication.rate.none", "NONE: " + rate, none.rate(), "1/s"));
    }
    if (repl != null && none != null) {
      f.figure(new Figure(Goals.REPLICATION_RATE, "increments/s, REPLICATED ÷ NONE ("
          + ReplicationCluster.CALLERS + " callers)", repl.rate() / none.rate(), "×",
          List.of()));
    }
    for (ReplicationRun run : java.util.Arrays.asList(repl, none)) {
      if (run != null && !run.failures().isEmpty()) {
        f.note("**Check:** on the " + run.durability() + " cluster, without any fault, "
            + run.failures().values().stream().mapToLong(Long::longValue).sum() + " increments "
            + "failed (5 s deadline each): " + String.join("; ", run.failures().entrySet()
                .stream().limit(3).map(e -> e.getValue() + " × `" + e.getKey() + "`").toList()));
      }
    }
    if (!series.isEmpty()) {
      f.chart(new Chart("replication-latency", "Increment via the leader: REPLICATED vs NONE, "
          + "with raw fsync and gRPC echo (same run)", Chart.Kind.BARS, "percentile", "µs",
          List.of("p50", "p90", "p99"), series, false));
    }
  }

  private static Series bars(String label, ReplicationRun run, String kind) {
    return Series.bars(label, List.of(run.micros(kind, 50), run.micros(kind, 90),
        run.micros(kind, 99)));
  }

  private static String method(BenchContext ctx) {
    return "Two three-node clusters, one after the other (`node/target/switchboard.jar`, "
        + "`-Xmx512m`, loopback, the node's defaults of 64 shards × 3 replicas): first with "
        + "`REPLICATED` counters (the default: an increment is answered once committed on a "
        + "majority, fsynced on each), then with `" + DURABILITY_ENV + "=none` (`NONE`: the "
        + "leader answers at once). One client thread sends `increment` with a fresh request id "
        + "straight to n1 for a counter whose shard n1 leads (found with `WhereIs`), so no call "
        + "is forwarded; 5 s deadline. On the `REPLICATED` cluster four kinds run interleaved "
        + "in 10 rounds after " + ctx.pick(50, 500) + " warm-up calls each, "
        + ctx.pick(200, 5_000) + " measured each: the active counter's increment, the first "
        + "increment of a counter never called before (each call a new one, also led by n1), a "
        + "raw fsync (a 64-byte `FileChannel.write` + `force(false)` to a file in n1's data "
        + "directory, the disk the Raft log is on) and a raw grpc-java unary echo in a child "
        + "JVM (one loopback round trip, the cross-node suite's echo); on the `NONE` cluster "
        + "only the active counter's increment. The replication goal divides the replicated "
        + "p50 by fsync p50 + echo p50 (\"a replicated call through the leader costs at most "
        + "one fsync and one round trip\"). The commit mean is the nodes' own "
        + "`switchboard_commit_seconds` (sum and count over all three nodes, before and after "
        + "the sequential calls, warm-up included). Throughput: " + ReplicationCluster.CALLERS
        + " threads, each incrementing a counter of its own (led by n1, n2, n3 in turn, so "
        + "spread over many of the 64 shards) through that counter's leader, "
        + ctx.pick(50, 500) + " increments each after a short warm-up, from a common start to "
        + "the last reply.";
  }
}
