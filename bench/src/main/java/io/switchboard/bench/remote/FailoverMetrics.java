package io.switchboard.bench.remote;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's own failover timings, read from its Prometheus text: the sum and count of
 * {@code switchboard_failover_seconds{phase}} per phase ({@code detect}, {@code place},
 * {@code restart}), as {@link io.switchboard.testkit.NodeProcess#metrics()} scrapes it. Two
 * snapshots give what one failover added.
 *
 * @param sums seconds per phase
 * @param counts observations per phase
 */
record FailoverMetrics(Map<String, Double> sums, Map<String, Double> counts) {
  private static final Pattern LINE = Pattern.compile(
      "^switchboard_failover_seconds_(sum|count)\\{[^}]*phase=\"(\\w+)\"[^}]*\\}\\s+(\\S+)",
      Pattern.MULTILINE);

  static final FailoverMetrics EMPTY = new FailoverMetrics(Map.of(), Map.of());

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
