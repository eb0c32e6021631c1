package io.switchboard.cluster;

import io.switchboard.cluster.routing.ServingEvents;
import java.time.Duration;

/** What the cluster layer reports for metrics; the node implements it. Thread-safe, cheap. */
public interface ClusterEvents extends ServingEvents {

  /** The phases of a failover, as {@code switchboard_failover_seconds{phase}} names them. */
  enum Phase {
    /**
     * From the first sign here that a shard's leader is gone (the view losing it, or Raft electing
     * a successor, whichever comes first) to the new leader known here.
     */
    ELECT,
    /** From that first sign to the first name of the shard started here. */
    FIRST_CALL
  }

  /**
   * A member was lost from the view (the Raft groups it led elect new leaders on their own; see
   * {@link #failoverPhase}).
   */
  void failover(String lost);

  /** One later phase of the last failover ({@link Phase#ELECT}, {@link Phase#FIRST_CALL}). */
  default void failoverPhase(Phase phase, Duration sinceView) {}

  /** A heartbeat went unanswered past its lease (one per member and lapse). */
  void heartbeatMissed(String member);

  /** This node started ({@code true}) or stopped leading {@code shard}. */
  default void shardLeader(int shard, boolean leads) {}

  /** Does nothing. */
  ClusterEvents NONE = new ClusterEvents() {
    @Override
    public void failover(String lost) {}

    @Override
    public void heartbeatMissed(String member) {}
  };
}
