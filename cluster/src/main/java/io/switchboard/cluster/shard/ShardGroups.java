package io.switchboard.cluster.shard;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * The Raft group id of each shard of a cluster: a name-based UUID of {@code
 * switchboard/<cluster name>/shard-N}, so every node derives the same id without a registry, and
 * two clusters sharing a network (different {@code --cluster-name}) never join each other's
 * groups. The group id is also the name of the group's directory under the data dir, which is how
 * a restarted node finds its replicas again.
 *
 * <p>Immutable and thread-safe.
 */
public final class ShardGroups {

  private final String clusterName;
  private final Shards shards;
  private final Map<RaftGroupId, ShardId> byGroup;

  /** The ids of every shard of {@code shards} in the cluster {@code clusterName}. */
  public ShardGroups(String clusterName, Shards shards) {
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("--cluster-name must not be blank");
    }
    this.shards = Objects.requireNonNull(shards, "shards");
    Map<RaftGroupId, ShardId> map = new HashMap<>();
    for (ShardId shard : shards.all()) {
      map.put(groupId(shard), shard);
    }
    this.byGroup = Map.copyOf(map);
  }

  /** The layout these ids are for. */
  public Shards shards() {
    return shards;
  }

  /** The cluster name these ids are derived from. */
  public String clusterName() {
    return clusterName;
  }

  /** The Raft group id of {@code shard}. */
  public RaftGroupId groupId(ShardId shard) {
    shards.check(shard);
    String key = "switchboard/" + clusterName + "/" + shard;
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** The shard of a group id, or empty for a group of another cluster or layout. */
  public Optional<ShardId> shardOf(RaftGroupId groupId) {
    return Optional.ofNullable(byGroup.get(groupId));
  }
}
