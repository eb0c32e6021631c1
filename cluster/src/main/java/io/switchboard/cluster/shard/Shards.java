package io.switchboard.cluster.shard;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Placement;
import io.switchboard.cluster.membership.Xxh64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The fixed shard layout of a cluster: which shard a name belongs to, and which members hold a
 * shard's replicas.
 *
 * <p>A name belongs to shard {@code XXH64(UTF-8 name) mod S} (unsigned). S ({@code --shards},
 * default 64) is fixed for the life of a cluster: changing it moves almost every name. A shard's R
 * replicas ({@code --replicas}, default 3) are the R members ranked highest by rendezvous hashing
 * of the key {@code shard-N} ({@link Placement#ranked}), so every node computes the same replica
 * set from the same members, and a member leaving moves only the replicas it held.
 *
 * <p>Pure and thread-safe.
 */
public record Shards(int count, int replicas) {

  /** {@code --shards} default. */
  public static final int DEFAULT_COUNT = 64;

  /** {@code --replicas} default. */
  public static final int DEFAULT_REPLICAS = 3;

  /** The upper bound on S: a shard is a Raft group with its own threads and files. */
  public static final int MAX_COUNT = 4096;

  /** Validates {@code 1 <= count <= 4096} and {@code replicas >= 1}. */
  public Shards {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          "--shards must be in 1.." + MAX_COUNT + ", got " + count);
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("--replicas must be >= 1, got " + replicas);
    }
  }

  /** The defaults: 64 shards of 3 replicas. */
  public static Shards defaults() {
    return new Shards(DEFAULT_COUNT, DEFAULT_REPLICAS);
  }

  /** The shard that owns {@code name}. */
  public ShardId shardOf(String name) {
    Objects.requireNonNull(name, "name");
    long h = Xxh64.hash(name.getBytes(StandardCharsets.UTF_8));
    return new ShardId((int) Long.remainderUnsigned(h, count));
  }

  /** Every shard, in order. */
  public List<ShardId> all() {
    List<ShardId> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(new ShardId(i));
    }
    return List.copyOf(all);
  }

  /**
   * The members that hold {@code shard}'s replicas: the {@code replicas} highest-ranked (fewer if
   * there are fewer members), highest first. The first is only a placement preference; the shard's
   * leader is whoever Raft elects.
   *
   * @throws IllegalArgumentException if the shard is outside this layout
   */
  public List<Member> replicasOf(ShardId shard, Collection<Member> members) {
    check(shard);
    return Placement.ranked(shard.toString(), members, replicas);
  }

  /** Fails fast on a shard that does not belong to this layout. */
  ShardId check(ShardId shard) {
    if (shard.value() >= count) {
      throw new IllegalArgumentException(shard + " is outside 0.." + (count - 1));
    }
    return shard;
  }
}
