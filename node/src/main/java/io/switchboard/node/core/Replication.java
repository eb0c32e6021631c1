package io.switchboard.node.core;

/**
 * How a cluster node hosts its shard replicas ({@code --peer-port}, {@code --shards}, {@code
 * --replicas}); unused on a standalone node. Immutable; the constructor says which flag is wrong.
 *
 * @param peerPort the port of the node's Raft server (Apache Ratis), default {@value
 *     #DEFAULT_PEER_PORT}. Remote supervision and forwarded calls still use the gRPC port
 * @param shards S, fixed for the life of a cluster (default {@value #DEFAULT_SHARDS}): every node
 *     must be given the same
 * @param replicas R, the replicas of each shard (default {@value #DEFAULT_REPLICAS}; a shard
 *     stays writable while a majority of them runs)
 */
public record Replication(int peerPort, int shards, int replicas) {

  /** {@code --peer-port} default. */
  public static final int DEFAULT_PEER_PORT = 50061;
  /** {@code --shards} default. */
  public static final int DEFAULT_SHARDS = 64;
  /** {@code --replicas} default. */
  public static final int DEFAULT_REPLICAS = 3;

  /** The defaults. */
  public static final Replication DEFAULTS =
      new Replication(DEFAULT_PEER_PORT, DEFAULT_SHARDS, DEFAULT_REPLICAS);

  public Replication {
    if (peerPort < 1 || peerPort > 65_535) {
      throw new IllegalArgumentException("--peer-port must be 1..65535, got " + peerPort);
    }
    if (shards < 1 || shards > 4096) {
      throw new IllegalArgumentException("--shards must be 1..4096, got " + shards);
    }
    if (replicas < 1 || replicas > 9) {
      throw new IllegalArgumentException("--replicas must be 1..9, got " + replicas);
    }
  }
}
