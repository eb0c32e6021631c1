package io.switchboard.bench.remote;

import io.switchboard.bench.BenchContext;
import io.switchboard.bench.Suite;
import io.switchboard.bench.model.Baseline;
import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.model.Series;
import io.switchboard.bench.report.Goals;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.AwaitFailed;
import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Failover on a three-node cluster of real node processes: the owner of a counter is killed
 * ({@code kill -9}) or frozen ({@code kill -STOP}), and the time from the signal to the first
 * successful call through a survivor is measured, with the new owner's own per-phase timings
 * from its metrics. After each trial the victim is started again (or resumed) and the cluster
 * must converge before the next.
 */
public final class FailoverSuite implements Suite {
  static final String KILL = "kill -9";
  static final String STOP = "kill -STOP";
  /** Bound of one call attempt: also the resolution of a failover time while the owner hangs. */
  private static final Duration ATTEMPT = Duration.ofMillis(100);
  private static final Duration GIVE_UP = Duration.ofSeconds(60);
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(2);
  private static final List<String> PHASES = List.of("detect", "place", "restart");
  /** Below this, no failure detector can have acted: the fault did not interrupt the name. */
  private static final double SUSPICIOUSLY_FAST = 0.1;

  @Override
  public String name() {
    return "failover";
  }

  @Override
  public String title() {
    return "Failover after kill -9 / kill -STOP of the owner";
  }

  @Override
  public Findings run(BenchContext ctx) throws Exception {
    Findings.Builder f = Findings.builder(method(ctx));
    if (!Files.isRegularFile(ctx.options().nodeJar())) {
      return f.gap("the node jar " + ctx.options().nodeJar() + " does not exist (build it with "
          + "`./mvnw -pl node -am package`).").build();
    }
    ProcessCluster cluster;
    try {
      cluster = Nodes.start(ctx, 3, "failover");
    } catch (IOException | AwaitFailed e) {
      return f.gap("three nodes did not start as a cluster, so failover cannot be measured:"
          + "\n\n```\n" + CrossNodeSuite.brief(e) + "\n```").build();
    }
    List<FailoverTrial> trials = new ArrayList<>();
    try (cluster) {
      cluster.awaitFormed(CONVERGE, ProcessCluster.indices(3));
      for (int t = 0; t < ctx.pick(1, 20); t++) {
        trials.add(trial(cluster, KILL, t));
      }
      for (int t = 0; t < ctx.pick(1, 20); t++) {
        trials.add(trial(cluster, STOP, t));
      }
    } catch (IOException | RuntimeException | AwaitFailed e) {
      f.gap("the harness stopped after " + trials.size() + " trials:\n\n```\n"
          + CrossNodeSuite.brief(e) + "\n```");
    }
    report(f, trials);
    return f.build();
  }

  private static FailoverTrial trial(ProcessCluster c, String fault, int t) throws IOException {
    int victim = t % c.size();
    String name = nameOwnedBy(c, victim, fault.equals(KILL) ? "k" + t : "s" + t);
    int survivor = (victim + 1) % c.size();
    NodeClient via = c.client(survivor);
    Nodes.ok(via.call(name, "increment", Duration.ofSeconds(5)), "increment " + name);
    Map<Integer, FailoverMetrics> before = scrapeSurvivors(c, victim);

    long t0 = System.nanoTime();
    if (fault.equals(KILL)) {
      c.node(victim).kill9();
    } else {
      c.node(victim).pause();
    }
    firstSuccess(via, name, t0);
    double seconds = (System.nanoTime() - t0) / 1e9;

    String newOwner = Nodes.owner(via, name);
    Map<String, Double> phases = new HashMap<>();
    for (Map.Entry<Integer, FailoverMetrics> e : before.entrySet()) {
      if (c.node(e.getKey()).name().equals(newOwner)) {
        phases.putAll(FailoverMetrics.parse(c.node(e.getKey()).metrics())
            .meanSince(e.getValue()));
      }
    }
    double restart = 0;
    if (fault.equals(KILL)) {
      restart = c.restart(victim, Nodes.READY).toNanos() / 1e9;
    } else {
      c.node(victim).resume();
    }
    c.awaitFormed(CONVERGE, ProcessCluster.indices(3));
    System.out.println("bench: failover " + fault + " #" + (t + 1) + " of "
        + c.node(victim).name() + ": " + Math.round(seconds * 1000) + " ms");
    return new FailoverTrial(fault, c.node(victim).name(), newOwner, seconds, phases, restart);
  }

  private static String nameOwnedBy(ProcessCluster c, int victim, String tag) {
    String owner = c.node(victim).name();
    for (int i = 0; i < 1_000; i++) {
      String name = "counter-failover-" + tag + "-" + i;
      if (Nodes.owner(c.client((victim + 1) % c.size()), name).equals(owner)) {
        return name;
      }
    }
    throw new IllegalStateException("no name among 1 000 is owned by " + owner);
  }

  private static Map<Integer, FailoverMetrics> scrapeSurvivors(ProcessCluster c, int victim) {
    Map<Integer, FailoverMetrics> m = new HashMap<>();
    for (int i = 0; i < c.size(); i++) {
      if (i != victim) {
        m.put(i, FailoverMetrics.parse(c.node(i).metrics()));
      }
    }
    return m;
  }

  /**
   * Calls until one succeeds (each attempt bounded by 100 ms, 2 ms apart), for at most 60 s after
   * t0; fails with the last error.
   */
  private static void firstSuccess(NodeClient via, String name, long t0) {
    Duration left = GIVE_UP.minusNanos(System.nanoTime() - t0);
    Await.atMost(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left)
        .pollEvery(RETRY_PAUSE).until("a successful call to " + name + " within "
            + GIVE_UP.toSeconds() + " s of the fault", () -> via.call(name, "read", ATTEMPT),
            NodeClient.Result::ok);
  }

  private static void report(Findings.Builder f, List<FailoverTrial> trials) {
    for (String fault : List.of(KILL, STOP)) {
      List<FailoverTrial> ts = trials.stream().filter(t -> t.fault().equals(fault)).toList();
      if (ts.isEmpty()) {
        continue;
      }
      String id = fault.equals(KILL) ? "failover.kill9" : "failover.stop";
      List<Double> secs = ts.stream().map(FailoverTrial::seconds).sorted().toList();
      List<Baseline> base = new ArrayList<>();
      if (fault.equals(KILL)) {
        base.add(new Baseline("start the killed node again until ready, p50",
            rank(ts.stream().map(FailoverTrial::restartSeconds).sorted().toList(), 50)));
      }
      f.figure(new Figure(id + ".p50", fault + " → first successful call via a survivor, p50 ("
          + ts.size() + " trials)", rank(secs, 50), "s", base));
      f.figure(Figure.of(fault.equals(KILL) ? Goals.FAILOVER_KILL9_P99 : id + ".p99",
          fault + " → first successful call via a survivor, p99 (" + ts.size() + " trials)",
          rank(secs, 99), "s"));
      for (String phase : PHASES) {
        List<Double> ps = ts.stream().filter(t -> t.phases().containsKey(phase))
            .map(t -> t.phases().get(phase)).sorted().toList();
        if (!ps.isEmpty()) {
          f.figure(Figure.of(id + "." + phase + ".p50", fault + ": phase " + phase
              + " (new owner's metrics), p50", rank(ps, 50), "s"));
        }
      }
    }
    for (FailoverTrial t : trials) {
      if (t.seconds() < SUSPICIOUSLY_FAST) {
        f.note("**Check:** a `" + t.fault() + "` trial of " + t.victim() + " got its first "
            + "successful call " + Math.round(t.seconds() * 1000) + " ms after the fault — faster "
            + "than any failure detection, so a survivor answered for a name whose owner "
            + "(" + t.victim() + ", per `WhereIs` just before) could not have: either ownership "
            + "had moved without `WhereIs` showing it, or the name had a second live copy.");
      }
    }
    if (trials.stream().anyMatch(t -> t.phases().getOrDefault("detect", 0.0) > t.seconds())) {
      f.note("In some trials the node's `detect` phase is longer than the whole failover measured "
          + "here: the node times detection from the last message it heard from the lost member, "
          + "which can be before the signal was sent; the chart then shows no remainder.");
    }
    if (trials.stream().allMatch(t -> t.phases().isEmpty()) && !trials.isEmpty()) {
      f.note("The new owners reported no `switchboard_failover_seconds{phase}` observations, so "
          + "the chart shows the total only.");
    }
    if (!trials.isEmpty()) {
      f.chart(chart(trials));
    }
  }

  private static Chart chart(List<FailoverTrial> trials) {
    List<String> cats = new ArrayList<>();
    Map<String, List<Double>> bars = new java.util.LinkedHashMap<>();
    PHASES.forEach(p -> bars.put(p, new ArrayList<>()));
    bars.put("rest, until the first successful call", new ArrayList<>());
    int k = 0;
    int s = 0;
    for (FailoverTrial t : trials) {
      cats.add(t.fault().equals(KILL) ? "-9 #" + (++k) : "STOP #" + (++s));
      double sum = 0;
      for (String p : PHASES) {
        double v = Math.max(0, t.phases().getOrDefault(p, 0.0));
        bars.get(p).add(v);
        sum += v;
      }
      bars.get("rest, until the first successful call").add(Math.max(0, t.seconds() - sum));
    }
    List<Series> series = new ArrayList<>();
    bars.forEach((n, ys) -> series.add(Series.bars(n, ys)));
    return new Chart("failover-per-trial", "Failover per trial, by phase (new owner's metrics)",
        Chart.Kind.STACKED_BARS, "trial", "seconds", cats, series, false);
  }

  /** The nearest-rank percentile of sorted values. */
  static double rank(List<Double> sorted, double percentile) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static String method(BenchContext ctx) {
    return "Three node processes (`node/target/switchboard.jar`, `-Xmx512m`, loopback, each "
        + "seeded with all three cluster ports, `--expected-size 3`). A trial picks a counter "
        + "owned by the next victim (rotating n1, n2, n3, found with `WhereIs`), calls it once "
        + "through a survivor, scrapes the survivors' `/metrics`, then sends the fault and calls "
        + "`read` through that survivor every 2 ms (100 ms deadline each, which bounds the "
        + "resolution while a frozen owner holds a call) until one succeeds: that interval is the "
        + "failover time. The phases come from the new owner's "
        + "`switchboard_failover_seconds{phase}` (sum and count before and after). Then the "
        + "victim is started again (kill -9: the time until it answers `/health/ready` is the "
        + "baseline — recovering without a cluster) or resumed (STOP), and all three must show "
        + "three members and a quorum before the next trial. " + ctx.pick(1, 20) + " kill -9 trials and "
        + ctx.pick(1, 20) + " kill -STOP trials; p99 of 20 trials is their slowest.";
  }
}
