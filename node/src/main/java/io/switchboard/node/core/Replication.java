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
 * @param advertiseHost the address the other nodes dial for this node's gRPC and Raft endpoints
 *     ({@code --advertise-host}); empty means {@code --host}. Raft records it in every group's
 *     configuration, so it must stay the same across restarts: a stable DNS name (a StatefulSet
 *     pod's, a compose service's), not an address that changes with each container
 * @param replaceAfter how long a member may be out of the view before the shards' leaders replace
 *     its replicas on other members ({@code --replace-after}, default 30 s)
 */
public record Replication(int peerPort, int shards, int replicas, String advertiseHost,
    java.time.Duration replaceAfter) {

  /** {@code --peer-port} default. */
  public static final int DEFAULT_PEER_PORT = 50061;
  /** {@code --shards} default. */
  public static final int DEFAULT_SHARDS = 64;
  /** {@code --replicas} default. */
  public static final int DEFAULT_REPLICAS = 3;
  /** {@code --replace-after} default. */
  public static final java.time.Duration DEFAULT_REPLACE_AFTER = java.time.Duration.ofSeconds(30);

  /** The defaults. */
  public static final Replication DEFAULTS =
      new Replication(DEFAULT_PEER_PORT, DEFAULT_SHARDS, DEFAULT_REPLICAS, "",
          DEFAULT_REPLACE_AFTER);

  /** With the given ports and sizes, advertising {@code --host}, the default replace-after. */
  public Replication(int peerPort, int shards, int replicas) {
    this(peerPort, shards, replicas, "", DEFAULT_REPLACE_AFTER);
  }

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
    java.util.Objects.requireNonNull(advertiseHost, "--advertise-host");
    java.util.Objects.requireNonNull(replaceAfter, "--replace-after");
    if (replaceAfter.isNegative() || replaceAfter.isZero()) {
      throw new IllegalArgumentException("--replace-after must be positive, got " + replaceAfter);
    }
    if (advertiseHost.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("--advertise-host must not contain spaces, got '"
          + advertiseHost + "'");
    }
  }
}
