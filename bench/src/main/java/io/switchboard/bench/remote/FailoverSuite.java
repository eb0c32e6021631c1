package io.switchboard.bench.remote;

import io.switchboard.bench.BenchContext;
import io.switchboard.bench.Suite;
import io.switchboard.bench.model.Findings;
import io.switchboard.testkit.AwaitFailed;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Failover on three-node clusters of real node processes (Raft design: a name is served by its
 * shard's leader). Probe trials: the leader of a counter's shard is killed ({@code kill -9}) or
 * frozen ({@code kill -STOP}) and the time to the first successful read through a survivor is
 * measured ({@link OwnerFaults}). At scale: every node leads shards holding N active counters, one
 * node is killed, and every name it led is timed until it answers ({@link ScaleFailover}). Every
 * first read after a failover must show the increment acknowledged before it.
 */
public final class FailoverSuite implements Suite {

  @Override
  public String name() {
    return "failover";
  }

  @Override
  public String title() {
    return "Failover after kill -9 / kill -STOP of the leader";
  }

  @Override
  public Findings run(BenchContext ctx) throws Exception {
    Findings.Builder f = Findings.builder(method(ctx));
    if (!Files.isRegularFile(ctx.options().nodeJar())) {
      return f.gap("the node jar " + ctx.options().nodeJar() + " does not exist (build it with "
          + "`./mvnw -pl node -am package`).").build();
    }
    List<FailoverTrial> trials = probeTrials(ctx, f);
    List<ScaleResult> runs = new ArrayList<>();
    for (int perNode : perNode(ctx)) {
      try (ProcessCluster c = Nodes.start(ctx, 3, "scale-" + perNode)) {
        runs.add(ScaleFailover.run(c, perNode, 1, "n" + perNode));
      } catch (IOException | RuntimeException | AwaitFailed e) {
        f.gap("the failover at " + perNode + " names/node was not measured:\n\n```\n"
            + CrossNodeSuite.brief(e) + "\n```");
      }
    }
    FailoverReport.trials(f, trials);
    FailoverReport.scale(f, runs);
    FailoverReport.lost(f, trials, runs);
    return f.build();
  }

  private static List<FailoverTrial> probeTrials(BenchContext ctx, Findings.Builder f) {
    List<FailoverTrial> trials = new ArrayList<>();
    ProcessCluster cluster;
    try {
      cluster = Nodes.start(ctx, 3, "failover");
    } catch (IOException | AwaitFailed e) {
      f.gap("three nodes did not start as a cluster, so the probe trials were not run:"
          + "\n\n```\n" + CrossNodeSuite.brief(e) + "\n```");
      return trials;
    }
    try (cluster) {
      for (int t = 0; t < trials(ctx); t++) {
        trials.add(OwnerFaults.trial(cluster, OwnerFaults.KILL, t));
      }
      for (int t = 0; t < trials(ctx); t++) {
        trials.add(OwnerFaults.trial(cluster, OwnerFaults.STOP, t));
      }
    } catch (IOException | RuntimeException | AwaitFailed e) {
      f.gap("the probe trials stopped after " + trials.size() + ":\n\n```\n"
          + CrossNodeSuite.brief(e) + "\n```");
    }
    return trials;
  }

  private static int trials(BenchContext ctx) {
    return ctx.pick(1, 20);
  }

  /** Names per node of the scale runs, smallest first (the last one is judged on the goal). */
  private static List<Integer> perNode(BenchContext ctx) {
    return ctx.pick(List.of(10), List.of(10, 10_000));
  }

  /** The nearest-rank percentile of sorted values (100: the largest). */
  static double rank(List<Double> sorted, double percentile) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static String method(BenchContext ctx) {
    return "Three node processes per cluster (`node/target/switchboard.jar`, `-Xmx512m`, loopback,"
        + " seeded with all three cluster ports, the node's defaults of 64 shards × 3 replicas, "
        + "so every node holds a replica of every shard and leads about a third of them; counters"
        + " are `REPLICATED`). **Probe trials**: a trial picks a counter whose shard the next "
        + "victim leads (rotating n1, n2, n3, found with `WhereIs`; a node that leads no shard — "
        + "a restarted node does not get its leaderships back — is skipped for the next), "
        + "increments it once through a survivor (with a request id), scrapes the survivors' "
        + "`/metrics`, then sends the fault and calls `read` through that survivor every 2 ms "
        + "(100 ms deadline each, which bounds the resolution while a frozen leader holds a call)"
        + " until one succeeds: that interval is the failover time. The phases `elect` and "
        + "`first_call` are the new leader's `switchboard_failover_seconds{phase}` (sum and count"
        + " before and after); they count from the membership view without the victim, not from "
        + "the signal, and are recorded only when that view came before the new leader. Then the "
        + "victim is started again (kill -9: the time until it answers `/health/ready` is the "
        + "baseline — recovering without a cluster) or resumed (STOP), and all three must be "
        + "ready with three members before the next trial. "
        + trials(ctx) + " kill -9 and " + trials(ctx) + " kill -STOP trials; p99 of 20 trials "
        + "is their slowest. **At scale** (a fresh cluster per size: " + perNode(ctx).stream()
            .map(n -> n + " names/node").toList() + "): names whose shard each node leads are "
        + "found with `WhereIs`, each is activated with one `increment` sent to its leader (a "
        + "request id, up to 3 attempts with the same id), at most " + ScaleFailover.IN_FLIGHT
        + " calls in flight; the victim's names are read once through the survivors (the "
        + "no-fault baseline of the polling itself), every active name's leader is asked again "
        + "(leadership can move without a fault), then n2 is killed (`kill -9`) and every "
        + "name it led at that moment is read through the survivors (alternating) until it "
        + "answers — " + ScaleFailover.ATTEMPT.toMillis() + " ms deadline per attempt (an answer "
        + "counts when it comes), 2 ms pause after a failure, at most " + ScaleFailover.IN_FLIGHT
        + " in flight, names that failed going to the back of the queue. Each name's failover "
        + "time is from the kill to its first successful read; p50/p99/max are over the victim's "
        + "names. **Lost writes**: every first successful read (probe or scale) must show at "
        + "least the one acknowledged increment.";
  }
}
