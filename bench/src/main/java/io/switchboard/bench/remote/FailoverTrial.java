package io.switchboard.bench.remote;

import java.util.Map;

/**
 * One failover trial.
 *
 * @param fault {@code kill -9} or {@code kill -STOP}
 * @param victim the node that owned the name and was hit
 * @param newOwner the owner of the name after the failover (asked with {@code WhereIs})
 * @param seconds from the signal to the first successful call through a survivor
 * @param phases the new owner's own timing of the failover per phase (may be empty)
 * @param restartSeconds for kill -9: starting the killed node again until it was ready (the
 *     recovery without a cluster); 0 otherwise
 */
record FailoverTrial(String fault, String victim, String newOwner, double seconds,
    Map<String, Double> phases, double restartSeconds) {

  FailoverTrial {
    phases = Map.copyOf(phases);
  }
}
