package io.switchboard.cluster;

import java.time.Duration;

/** What the cluster layer reports for metrics; the node implements it. Thread-safe, cheap. */
public interface ClusterEvents {

  /**
   * A member was lost and this node (in quorum) took over: {@code detect} from the last answer
   * heard from it to the view without it, {@code place} to recompute ownership and stop what
   * moved, {@code restart} to start the names that are restarted eagerly (zero when names are
   * restarted on demand).
   */
  void failover(String lost, Duration detect, Duration place, Duration restart);

  /** A lease ping went unanswered past the lease (one per member and lapse). */
  void heartbeatMissed(String member);

  /** Does nothing. */
  ClusterEvents NONE = new ClusterEvents() {
    @Override
    public void failover(String lost, Duration detect, Duration place, Duration restart) {}

    @Override
    public void heartbeatMissed(String member) {}
  };
}
