package io.switchboard.cluster.shard;

/**
 * One of the S shards of a cluster, {@code 0 <= value < S}. A shard is one Raft group; its leader
 * owns every cluster-scoped name that hashes to it. Immutable.
 */
public record ShardId(int value) implements Comparable<ShardId> {

  /** Validates {@code value >= 0} (the upper bound is the cluster's, see {@link Shards}). */
  public ShardId {
    if (value < 0) {
      throw new IllegalArgumentException("shard must be >= 0, got " + value);
    }
  }

  @Override
  public int compareTo(ShardId other) {
    return Integer.compare(value, other.value);
  }

  /** {@code shard-7}: the form used in logs, errors and placement keys. */
  @Override
  public String toString() {
    return "shard-" + value;
  }
}
