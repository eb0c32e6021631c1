package io.switchboard.node.deploy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Prometheus metric names the node exports, as DESIGN.md lists them (a
 * public contract). Dashboards and alerts may use these, the series a
 * histogram adds ({@code _bucket}, {@code _sum}, {@code _count}) and the JVM's
 * own metrics ({@code jvm_*}), nothing else.
 */
final class ExportedMetrics {

  static final Set<String> COUNTERS_AND_GAUGES = Set.of(
      "switchboard_calls_total",
      "switchboard_restarts_total",
      "switchboard_crashes_total",
      "switchboard_inbox_size",
      "switchboard_servers",
      "switchboard_cluster_members",
      "switchboard_cluster_quorum",
      "switchboard_failovers_total",
      "switchboard_heartbeats_missed_total",
      "jvm_memory_used_bytes");

  static final Set<String> HISTOGRAMS = Set.of(
      "switchboard_call_duration_seconds",
      "switchboard_failover_seconds");

  private static final List<String> HISTOGRAM_SERIES = List.of("_bucket", "_sum", "_count");

  private ExportedMetrics() {}

  /** The contract metric a series name belongs to: itself, or the histogram it is a series of. */
  static Optional<String> contractMetricOf(String series) {
    if (COUNTERS_AND_GAUGES.contains(series) || HISTOGRAMS.contains(series)) {
      return Optional.of(series);
    }
    for (String suffix : HISTOGRAM_SERIES) {
      if (series.endsWith(suffix)) {
        String histogram = series.substring(0, series.length() - suffix.length());
        if (HISTOGRAMS.contains(histogram)) {
          return Optional.of(histogram);
        }
      }
    }
    return Optional.empty();
  }

  /** True for series a dashboard may query: contract metrics and JVM metrics. */
  static boolean isExported(String series) {
    return contractMetricOf(series).isPresent() || series.startsWith("jvm_");
  }
}
