package io.switchboard.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * Failure-detection and merge timings of the membership stack. The defaults are tuned for seconds,
 * not JGroups' stock ~40 s (see {@code ENVIRONMENT.md}):
 *
 * <ul>
 *   <li>{@code heartbeatTimeout} 3 s / {@code heartbeatInterval} 1 s (FD_ALL3): a hung or cut-off
 *       member is suspected after 3 s without a heartbeat;
 *   <li>{@code verifySuspectTimeout} 0.5 s (VERIFY_SUSPECT2): a suspect is confirmed when it does
 *       not answer within 0.5 s, so a hang or cut is out of the view in about 3.5–6 s. A crashed
 *       process is noticed sooner by FD_SOCK2 (its socket closes at once; then the 0.5 s check):
 *       under a second. Ownership does not depend on these: it is Raft's (elections after
 *       300–600 ms without a leader), and the view only gates readiness and replica placement;
 *   <li>{@code mergeMinInterval} 2 s / {@code mergeMaxInterval} 5 s (MERGE3): how often
 *       coordinators announce themselves; partitions merge within about 3–11 s after healing;
 *   <li>{@code joinTimeout} 2 s (GMS): how long a starting node waits for an answer before it forms
 *       a singleton view (merged into the cluster later by MERGE3).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public record ClusterTimings(
    Duration heartbeatTimeout,
    Duration heartbeatInterval,
    Duration verifySuspectTimeout,
    Duration mergeMinInterval,
    Duration mergeMaxInterval,
    Duration joinTimeout) {

  /** The tuned defaults listed above. */
  public static final ClusterTimings DEFAULTS =
      new ClusterTimings(
          Duration.ofSeconds(3),
          Duration.ofSeconds(1),
          Duration.ofMillis(500),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(2));

  /** Validates: all positive, interval below timeout, merge min below max. */
  public ClusterTimings {
    positive(heartbeatTimeout, "heartbeatTimeout");
    positive(heartbeatInterval, "heartbeatInterval");
    positive(verifySuspectTimeout, "verifySuspectTimeout");
    positive(mergeMinInterval, "mergeMinInterval");
    positive(mergeMaxInterval, "mergeMaxInterval");
    positive(joinTimeout, "joinTimeout");
    if (heartbeatInterval.compareTo(heartbeatTimeout) >= 0) {
      throw new IllegalArgumentException(
          "heartbeatInterval "
              + heartbeatInterval
              + " must be below heartbeatTimeout "
              + heartbeatTimeout);
    }
    if (mergeMinInterval.compareTo(mergeMaxInterval) >= 0) {
      throw new IllegalArgumentException(
          "mergeMinInterval "
              + mergeMinInterval
              + " must be below mergeMaxInterval "
              + mergeMaxInterval);
    }
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
  }
}
