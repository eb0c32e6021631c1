package io.switchboard.bench.remote;

import io.switchboard.testkit.ProcessCluster;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's own failover timings, read from its Prometheus text: the sum and count of
 * {@code switchboard_failover_seconds{phase}} per phase, as {@link
 * io.switchboard.testkit.NodeProcess#metrics()} scrapes it. Two snapshots give what one failover
 * added.
 *
 * <p>Phases (Raft design): {@code elect} is the time from the membership view without the lost
 * member to a new leader of a shard it led, {@code first_call} from that view to the first name of
 * such a shard served by its new leader, so {@code first_call} includes {@code elect}. A node
 * records them only when the view came before the new leader; Raft (election timeout 300–600 ms)
 * usually elects before JGroups drops a killed member, and then nothing is recorded.
 *
 * @param sums seconds per phase
 * @param counts observations per phase
 */
record FailoverMetrics(Map<String, Double> sums, Map<String, Double> counts) {
  private static final Pattern LINE = Pattern.compile(
      "^switchboard_failover_seconds_(sum|count)\\{[^}]*phase=\"(\\w+)\"[^}]*\\}\\s+(\\S+)",
      Pattern.MULTILINE);

  static final FailoverMetrics EMPTY = new FailoverMetrics(Map.of(), Map.of());

  /** The phases in the order they end. */
  static final java.util.List<String> PHASES = java.util.List.of("elect", "first_call");

  /** A snapshot of every running node's metrics except {@code skip}'s, by node index. */
  static Map<Integer, FailoverMetrics> scrapeAllBut(ProcessCluster c, int skip) {
    Map<Integer, FailoverMetrics> m = new HashMap<>();
    for (int i = 0; i < c.size(); i++) {
      if (i != skip) {
        m.put(i, parse(c.node(i).metrics()));
      }
    }
    return m;
  }

  /** Parses Prometheus text; lines other than the failover histogram are ignored. Pure. */
  static FailoverMetrics parse(String text) {
    Map<String, Double> sums = new HashMap<>();
    Map<String, Double> counts = new HashMap<>();
    Matcher m = LINE.matcher(text);
    while (m.find()) {
      double v = Double.parseDouble(m.group(3));
      (m.group(1).equals("sum") ? sums : counts).merge(m.group(2), v, Double::sum);
    }
    return new FailoverMetrics(Map.copyOf(sums), Map.copyOf(counts));
  }

  /** The sums and counts of both snapshots added (e.g. of all survivors). Pure. */
  FailoverMetrics plus(FailoverMetrics other) {
    Map<String, Double> s = new HashMap<>(sums);
    Map<String, Double> n = new HashMap<>(counts);
    other.sums.forEach((k, v) -> s.merge(k, v, Double::sum));
    other.counts.forEach((k, v) -> n.merge(k, v, Double::sum));
    return new FailoverMetrics(Map.copyOf(s), Map.copyOf(n));
  }

  /**
   * Mean seconds per phase over the failovers recorded between {@code before} and this snapshot;
   * phases without a new observation are left out.
   */
  Map<String, Double> meanSince(FailoverMetrics before) {
    Map<String, Double> out = new HashMap<>();
    counts.forEach((phase, n) -> {
      double dn = n - before.counts.getOrDefault(phase, 0.0);
      if (dn > 0) {
        double ds = sums.getOrDefault(phase, 0.0) - before.sums.getOrDefault(phase, 0.0);
        out.put(phase, ds / dn);
      }
    });
    return out;
  }
}
