package io.switchboard.bench.remote;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What the replication suite measured on one cluster.
 *
 * @param durability {@code REPLICATED} or {@code NONE}, the counters' durability
 * @param latency per kind of call, nanoseconds ({@link ReplicationCluster} names the kinds)
 * @param rate increments per second with {@link ReplicationCluster#CALLERS} concurrent callers
 * @param commitMean mean of {@code switchboard_commit_seconds} over the sequential calls, all
 *     nodes (seconds); NaN when no commit was recorded
 * @param commits commits recorded over the sequential calls
 * @param failures failed increments (sequential and concurrent) by status and description
 */
record ReplicationRun(String durability, Map<String, Histogram> latency, double rate,
    double commitMean, long commits, Map<String, Long> failures) {

  ReplicationRun {
    latency = Map.copyOf(latency);
    failures = Map.copyOf(failures);
  }

  /** A percentile of the kind {@code kind}, in microseconds; NaN when it did not run. */
  double micros(String kind, double percentile) {
    Histogram h = latency.get(kind);
    return h == null ? Double.NaN : Interleaved.micros(h, percentile);
  }
}
