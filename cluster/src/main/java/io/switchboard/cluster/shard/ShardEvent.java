package io.switchboard.cluster.shard;

/**
 * A change of leadership of one shard as this node sees it. Delivered in order, on one thread
 * owned by {@link ShardReplicas}, never on a Ratis thread; a listener must not block for long.
 */
public sealed interface ShardEvent {

  /** The shard concerned. */
  ShardId shard();

  /** The Raft term the event belongs to: the fencing epoch of the shard's names. */
  long term();

  /**
   * This replica learnt who leads the shard (possibly itself). For routing: send the shard's names
   * there. Not yet a licence to serve, see {@link LeadingReady}.
   */
  record LeaderElected(ShardId shard, String leader, long term) implements ShardEvent {}

  /**
   * This node leads the shard and has applied every entry committed before its term: it may now
   * serve the shard's names (read their state, step, commit). {@code term} is the fencing epoch.
   */
  record LeadingReady(ShardId shard, long term) implements ShardEvent {}

  /**
   * This node no longer leads the shard (it stepped down, lost its majority, or closed). Stop
   * serving its names at once: a commit would fail anyway, but a reply computed from state the new
   * leader has not seen must not be sent.
   */
  record LeadingLost(ShardId shard, long term) implements ShardEvent {}
}
