package io.switchboard.cluster.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Placement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardsTest {

  private static final List<Member> FIVE = List.of(
      new Member("n1", "127.0.0.1", 1), new Member("n2", "127.0.0.1", 2),
      new Member("n3", "127.0.0.1", 3), new Member("n4", "127.0.0.1", 4),
      new Member("n5", "127.0.0.1", 5));

  @Test
  void shardOf_fixedExamples_stableAcrossReleases() {
    // XXH64("counter-7") = 0xDB126E92B0474484 (see PlacementTest); unsigned mod 64 = 4
    Shards shards = Shards.defaults();
    assertThat(shards.shardOf("counter-7")).isEqualTo(new ShardId(4));
    assertThat(shards.shardOf("")).isEqualTo(new ShardId((int) Long.remainderUnsigned(
        0xEF46DB3751D8E999L, 64)));
    assertThat(new Shards(1, 1).shardOf("anything")).isEqualTo(new ShardId(0));
  }

  @Test
  void shardOf_manyNames_spreadOverEveryShard() {
    Shards shards = Shards.defaults();
    int[] counts = new int[64];
    for (int i = 0; i < 64_000; i++) {
      counts[shards.shardOf("name-" + i).value()]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(800, 1200);
    }
  }

  @Test
  void replicasOf_threeDistinctMembers_firstIsRendezvousOwner() {
    Shards shards = Shards.defaults();
    Set<String> leadersPreferred = new HashSet<>();
    for (ShardId shard : shards.all()) {
      List<Member> replicas = shards.replicasOf(shard, FIVE);
      assertThat(replicas).hasSize(3).doesNotHaveDuplicates();
      assertThat(replicas.get(0)).isEqualTo(Placement.owner(shard.toString(), FIVE));
      leadersPreferred.add(replicas.get(0).name());
    }
    assertThat(leadersPreferred).hasSize(5);
  }

  @Test
  void replicasOf_fewerMembersThanReplicas_everyMember() {
    assertThat(new Shards(4, 3).replicasOf(new ShardId(2), FIVE.subList(0, 2))).hasSize(2);
  }

  @Test
  void replicasOf_memberLeaves_onlyItsReplicasMove() {
    Shards shards = Shards.defaults();
    List<Member> four = new ArrayList<>(FIVE);
    Member gone = four.remove(2);
    for (ShardId shard : shards.all()) {
      List<Member> before = shards.replicasOf(shard, FIVE);
      List<Member> after = shards.replicasOf(shard, four);
      if (!before.contains(gone)) {
        assertThat(after).isEqualTo(before);
      } else {
        assertThat(after).containsAll(before.stream().filter(m -> !m.equals(gone)).toList());
      }
    }
  }

  @Test
  void bounds_invalidLayoutOrShard_failFastWithTheFlagName() {
    assertThatThrownBy(() -> new Shards(0, 3)).hasMessageContaining("--shards");
    assertThatThrownBy(() -> new Shards(64, 0)).hasMessageContaining("--replicas");
    assertThatThrownBy(() -> new ShardId(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Shards.defaults().replicasOf(new ShardId(64), FIVE))
        .hasMessageContaining("shard-64");
  }

  @Test
  void groupIds_deterministicPerClusterAndShard_reversible() {
    ShardGroups a = new ShardGroups("switchboard", Shards.defaults());
    ShardGroups again = new ShardGroups("switchboard", Shards.defaults());
    ShardGroups other = new ShardGroups("staging", Shards.defaults());
    Set<Object> ids = new HashSet<>();
    for (ShardId shard : a.shards().all()) {
      assertThat(a.groupId(shard)).isEqualTo(again.groupId(shard));
      assertThat(a.groupId(shard)).isNotEqualTo(other.groupId(shard));
      assertThat(a.shardOf(a.groupId(shard))).contains(shard);
      assertThat(a.shardOf(other.groupId(shard))).isEmpty();
      ids.add(a.groupId(shard));
    }
    assertThat(ids).hasSize(64);
    // pinned: the id names the group's directory on disk, so it must never change
    assertThat(a.groupId(new ShardId(0)).getUuid().toString())
        .isEqualTo(java.util.UUID.nameUUIDFromBytes(
            "switchboard/switchboard/shard-0".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .toString());
    assertThat(Optional.of(a.clusterName())).contains("switchboard");
  }
}
