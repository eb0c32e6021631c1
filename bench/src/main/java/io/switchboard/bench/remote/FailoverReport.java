package io.switchboard.bench.remote;

import io.switchboard.bench.model.Baseline;
import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.model.Numbers;
import io.switchboard.bench.model.Series;
import io.switchboard.bench.report.Goals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The failover suite's figures, chart and notes, from its trials and scale runs. Pure. */
final class FailoverReport {
  /** Below this, no election can have happened: the fault did not interrupt the name. */
  private static final double SUSPICIOUSLY_FAST = 0.1;
  private static final String REST = "rest, until the first successful read";

  private FailoverReport() {}

  static void trials(Findings.Builder f, List<FailoverTrial> trials) {
    for (String fault : List.of(OwnerFaults.KILL, OwnerFaults.STOP)) {
      List<FailoverTrial> ts = trials.stream().filter(t -> t.fault().equals(fault)).toList();
      if (ts.isEmpty()) {
        continue;
      }
      boolean kill = fault.equals(OwnerFaults.KILL);
      String id = kill ? "failover.kill9" : "failover.stop";
      List<Double> secs = ts.stream().map(FailoverTrial::seconds).sorted().toList();
      List<Baseline> base = new ArrayList<>();
      if (kill) {
        base.add(new Baseline("start the killed node again until ready, p50",
            FailoverSuite.rank(ts.stream().map(FailoverTrial::restartSeconds).sorted().toList(),
                50)));
      }
      String what = fault + " of the leader → first successful read via a survivor";
      f.figure(new Figure(id + ".p50", what + ", p50 (" + ts.size() + " trials)",
          FailoverSuite.rank(secs, 50), "s", base));
      f.figure(Figure.of(kill ? Goals.FAILOVER_KILL9_P99 : Goals.FAILOVER_STOP_P99,
          what + ", p99 (" + ts.size() + " trials)", FailoverSuite.rank(secs, 99), "s"));
      for (String phase : FailoverMetrics.PHASES) {
        List<Double> ps = ts.stream().filter(t -> t.phases().containsKey(phase))
            .map(t -> t.phases().get(phase)).sorted().toList();
        if (!ps.isEmpty()) {
          f.figure(Figure.of(id + "." + phase + ".p50", fault + ": phase " + phase
              + " (new leader's metrics), p50 of " + ps.size(), FailoverSuite.rank(ps, 50), "s"));
        }
      }
    }
    for (FailoverTrial t : trials) {
      if (t.seconds() < SUSPICIOUSLY_FAST) {
        f.note("**Check:** a `" + t.fault() + "` trial of " + t.victim() + " got its first "
            + "successful read " + Math.round(t.seconds() * 1000) + " ms after the fault — "
            + "faster than a Raft election (timeout 300–600 ms), so a survivor answered for a "
            + "name whose shard " + t.victim() + " led (per `WhereIs` just before): either "
            + "leadership had moved without `WhereIs` showing it, or the name had a second live "
            + "copy.");
      }
    }
    if (!trials.isEmpty() && trials.stream().allMatch(t -> t.phases().isEmpty())) {
      f.note("The new leaders recorded no `switchboard_failover_seconds{phase}` observation in "
          + "any trial: a node records them only when the membership view without the victim "
          + "comes before the new leader, and Raft usually elects first. The chart shows the "
          + "total only.");
    }
    if (!trials.isEmpty()) {
      f.chart(chart(trials));
    }
  }

  static void scale(Findings.Builder f, List<ScaleResult> runs) {
    for (ScaleResult r : runs) {
      String at = r.perNode() + " names/node";
      String id = "failover.scale." + r.perNode();
      String what = "kill -9 → each of the victim's " + r.measured() + " names answers a read "
          + "via a survivor (" + at + ")";
      List<Baseline> sweep = List.of(new Baseline("the same reads before the kill (no fault), "
          + "time to the answer", FailoverSuite.rank(r.sweepSeconds(), 99)));
      f.figure(Figure.of(id + ".p50", what + ", p50", FailoverSuite.rank(r.seconds(), 50), "s"));
      boolean largest = r == runs.get(runs.size() - 1);
      f.figure(new Figure(largest ? Goals.FAILOVER_SCALE_P99 : id + ".p99", what + ", p99",
          FailoverSuite.rank(r.seconds(), 99), "s", sweep));
      f.figure(Figure.of(id + ".max", what + ", max", FailoverSuite.rank(r.seconds(), 100),
          "s"));
      r.phases().forEach((phase, mean) -> f.figure(Figure.of(id + "." + phase, at
          + ": phase " + phase + " (survivors' metrics), mean", mean, "s")));
      f.note(at + ": victim " + r.victim() + ", " + r.measured() + " of its names timed, "
          + Numbers.format(r.attempts()) + " read attempts while polling (failed: "
          + failures(r.failures()) + "); reading them all before the kill took "
          + Numbers.format(FailoverSuite.rank(r.sweepSeconds(), 100)) + " s at the same "
          + "concurrency (the polling's own floor; failed attempts: "
          + failures(r.sweepFailures()) + ").");
      if (r.measured() < 0.9 * r.selected()) {
        f.note("**Check:** " + r.victim() + " led " + r.selected() + " of the active names when "
            + "they were picked but only " + r.measured() + " just before the kill (" + at
            + "): leadership moved on a cluster without faults.");
      }
      int unread = r.selected() - r.sweepSeconds().size();
      if (unread > 0) {
        f.note("**Check:** without any fault, " + unread + " of the victim's " + r.selected()
            + " names (" + at + ") did not answer a read within " + OwnerFaults.GIVE_UP
                .toSeconds() + " s (the sweep before the kill): the survivors could not serve "
            + "that many reads at " + ScaleFailover.IN_FLIGHT + " in flight.");
      }
      long fast = r.seconds().stream().filter(s -> s < SUSPICIOUSLY_FAST).count();
      if (fast > 0) {
        f.note("**Check:** " + fast + " of the victim's names (" + at + ") answered a read "
            + "through a survivor less than " + Math.round(SUSPICIOUSLY_FAST * 1000) + " ms "
            + "after the kill — faster than a Raft election (timeout 300–600 ms).");
      }
      if (r.notAnswered() > 0) {
        f.note("**Check:** " + r.notAnswered() + " of the victim's " + r.measured() + " names ("
            + at + ") did not answer a read within " + OwnerFaults.GIVE_UP.toSeconds()
            + " s of the kill; the percentiles are over those that did.");
      }
      if (r.unacknowledged() > 0) {
        f.note("**Check:** " + r.unacknowledged() + " activating increments (" + at + ") were "
            + "not acknowledged after 3 attempts with the same request id, on a cluster without "
            + "faults.");
      }
    }
    if (runs.size() > 1) {
      ScaleResult small = runs.get(0);
      ScaleResult large = runs.get(runs.size() - 1);
      double sp = FailoverSuite.rank(small.seconds(), 99);
      double lp = FailoverSuite.rank(large.seconds(), 99);
      f.figure(Figure.of(Goals.FAILOVER_SCALE_RATIO, "failover p99 at " + large.perNode()
          + " names/node ÷ at " + small.perNode() + " names/node", sp == 0 ? 0 : lp / sp, "×"));
    }
  }

  private static String failures(Map<String, Long> byCode) {
    return byCode.isEmpty() ? "none" : byCode.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Lost acknowledged writes over the probe trials and the scale runs, as one figure. */
  static void lost(Findings.Builder f, List<FailoverTrial> trials, List<ScaleResult> runs) {
    if (trials.isEmpty() && runs.isEmpty()) {
      return;
    }
    long lost = trials.stream().filter(FailoverTrial::lost).count()
        + runs.stream().mapToLong(r -> r.lostNames().size()).sum();
    long checked = trials.size() + runs.stream().mapToLong(r -> r.seconds().size()).sum();
    f.figure(Figure.of(Goals.LOST_WRITES, "acknowledged increments missing from the first read "
        + "after the failover (" + checked + " names checked)", lost, "writes"));
    for (FailoverTrial t : trials) {
      if (t.lost()) {
        f.note("**Lost write:** the probe of a `" + t.fault() + "` trial of " + t.victim()
            + " read less than its acknowledged increment on " + t.newOwner() + ".");
      }
    }
    for (ScaleResult r : runs) {
      if (!r.lostNames().isEmpty()) {
        f.note("**Lost writes** (" + r.perNode() + " names/node, kill -9 of " + r.victim()
            + "): " + String.join(", ", r.lostNames().stream().limit(5).toList())
            + (r.lostNames().size() > 5 ? ", …" : ""));
      }
    }
  }

  /** Per trial: elect, then first_call beyond elect, then the rest of the measured time. */
  private static Chart chart(List<FailoverTrial> trials) {
    List<String> cats = new ArrayList<>();
    Map<String, List<Double>> bars = new LinkedHashMap<>();
    bars.put("elect", new ArrayList<>());
    bars.put("first_call after elect", new ArrayList<>());
    bars.put(REST, new ArrayList<>());
    int k = 0;
    int s = 0;
    for (FailoverTrial t : trials) {
      cats.add(t.fault().equals(OwnerFaults.KILL) ? "-9 #" + (++k) : "STOP #" + (++s));
      double elect = Math.max(0, t.phases().getOrDefault("elect", 0.0));
      double first = Math.max(elect, t.phases().getOrDefault("first_call", elect));
      bars.get("elect").add(elect);
      bars.get("first_call after elect").add(first - elect);
      bars.get(REST).add(Math.max(0, t.seconds() - first));
    }
    List<Series> series = new ArrayList<>();
    bars.forEach((n, ys) -> series.add(Series.bars(n, ys)));
    return new Chart("failover-per-trial", "Failover per trial, by phase (new leader's metrics)",
        Chart.Kind.STACKED_BARS, "trial", "seconds", cats, series, false);
  }
}
