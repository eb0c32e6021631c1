package io.switchboard.bench.remote;

import java.util.List;
import java.util.Map;

/**
 * One failover at scale: every node led shards holding {@code perNode} active names, one node was
 * killed, and every name it led was read through a survivor until it answered.
 *
 * @param perNode active names per node before the kill
 * @param victim the killed node
 * @param selected names picked as the victim's (led by it when picked) and acknowledged; the
 *     sweep reads these
 * @param measured active names the victim led just before the kill (asked again with {@code
 *     WhereIs}): the ones timed
 * @param seconds for each answered name, the time from the kill to its first successful read,
 *     sorted
 * @param notAnswered measured names that did not answer within the give-up bound
 * @param lostNames measured names whose first read did not show their acknowledged increment
 * @param unacknowledged names (of any node) whose activating increment was never acknowledged
 * @param sweepSeconds the same reads before the kill (no fault, same concurrency): for each
 *     name the time from the start of the sweep to its answer, sorted
 * @param sweepFailures failed attempts of the sweep before the kill, by status code
 * @param attempts read attempts made while polling after the kill
 * @param failures failed attempts after the kill, by status code
 * @param phases the survivors' {@code switchboard_failover_seconds} means (may be empty)
 */
record ScaleResult(int perNode, String victim, int selected, int measured, List<Double> seconds,
    int notAnswered, List<String> lostNames, int unacknowledged, List<Double> sweepSeconds,
    Map<String, Long> sweepFailures, long attempts, Map<String, Long> failures,
    Map<String, Double> phases) {

  ScaleResult {
    seconds = List.copyOf(seconds);
    lostNames = List.copyOf(lostNames);
    sweepSeconds = List.copyOf(sweepSeconds);
    sweepFailures = Map.copyOf(sweepFailures);
    failures = Map.copyOf(failures);
    phases = Map.copyOf(phases);
  }
}
