package io.switchboard.supervisor;

/**
 * How much of a cluster-scoped server's state survives the loss of the node serving it ({@link
 * Template#durability()}).
 */
public enum Durability {
  /**
   * The state lives on the shard leader only: a failover restarts the server from {@code init}.
   * Lowest latency; what a standalone node and node-local servers always have.
   */
  NONE,
  /**
   * A call is acknowledged only once the state it produced is committed in the shard's Raft log
   * on a majority of its replicas; a new leader starts the server from the last committed state.
   * The server must declare a {@link StateCodec}.
   */
  REPLICATED
}
