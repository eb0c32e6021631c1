package io.switchboard.bench.remote;

import java.util.Map;

/**
 * One failover trial of a probe name.
 *
 * @param fault {@code kill -9} or {@code kill -STOP}
 * @param victim the node that led the name's shard and was hit
 * @param newOwner the leader of the name's shard after the failover (asked with {@code WhereIs})
 * @param seconds from the signal to the first successful {@code read} through a survivor
 * @param phases the new leader's own timing of the failover per phase, {@code elect} and {@code
 *     first_call}, both from the view without the victim (may be empty: see {@link
 *     FailoverMetrics})
 * @param restartSeconds for kill -9: starting the killed node again until it was ready (the
 *     recovery without a cluster); 0 otherwise
 * @param lost true when that first {@code read} did not show the increment acknowledged before
 *     the fault
 */
record FailoverTrial(String fault, String victim, String newOwner, double seconds,
    Map<String, Double> phases, double restartSeconds, boolean lost) {

  FailoverTrial {
    phases = Map.copyOf(phases);
  }
}
