package io.switchboard.cluster.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.membership.HostPort;
import io.switchboard.cluster.membership.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaPlanTest {
  private static final Shards SHARDS = new Shards(16, 3);
  private static final Duration AFTER = Duration.ofSeconds(30);
  private static final long NOW = 1_000_000_000_000L;

  private static Member member(int i) {
    return new Member("n" + i, "127.0.0.1", 50_050 + i, 50_060 + i);
  }

  private static ShardPeer peer(int i) {
    return new ShardPeer("n" + i, new HostPort("127.0.0.1", 50_060 + i));
  }

  private static List<Member> members(int... is) {
    List<Member> out = new ArrayList<>();
    for (int i : is) {
      out.add(member(i));
    }
    return out;
  }

  private static List<ShardPeer> placed(ShardId shard, List<Member> over) {
    return SHARDS.replicasOf(shard, over).stream()
        .map(m -> new ShardPeer(m.name(), m.raft().orElseThrow())).toList();
  }

  private static Set<String> names(List<ShardPeer> ps) {
    Set<String> out = new HashSet<>();
    ps.forEach(p -> out.add(p.member()));
    return out;
  }

  @Test
  void unchangedView_noChange() {
    for (ShardId s : SHARDS.all()) {
      List<ShardPeer> current = placed(s, members(1, 2, 3));
      assertThat(ReplicaPlan.next(SHARDS, s, current, members(1, 2, 3), Map.of(), NOW, AFTER))
          .isEmpty();
    }
  }

  @Test
  void sameReplicasInAnotherOrder_noChange() {
    ShardId s = new ShardId(0);
    List<ShardPeer> current = new ArrayList<>(placed(s, members(1, 2, 3)));
    java.util.Collections.reverse(current);
    assertThat(ReplicaPlan.next(SHARDS, s, current, members(1, 2, 3), Map.of(), NOW, AFTER))
        .isEmpty();
  }

  @Test
  void joiningMember_takesOnlyTheShardsItRanksHighestFor_andDisplacesOne() {
    int changed = 0;
    for (ShardId s : SHARDS.all()) {
      List<ShardPeer> current = placed(s, members(1, 2, 3));
      Optional<List<ShardPeer>> next =
          ReplicaPlan.next(SHARDS, s, current, members(1, 2, 3, 4), Map.of(), NOW, AFTER);
      boolean n4Placed = names(placed(s, members(1, 2, 3, 4))).contains("n4");
      assertThat(next.isPresent()).as("shard %s", s).isEqualTo(n4Placed);
      if (next.isPresent()) {
        changed++;
        Set<String> kept = names(next.get());
        kept.retainAll(names(current));
        assertThat(names(next.get())).contains("n4").hasSize(3);
        assertThat(kept).as("two of the three stay").hasSize(2);
      }
    }
    assertThat(changed).as("n4 ranks in the top 3 of some shards, not all").isBetween(1, 15);
  }

  @Test
  void memberAbsentLessThanReplaceAfter_isKept() {
    ShardId s = new ShardId(3);
    List<ShardPeer> current = placed(s, members(1, 2, 3));
    long since = NOW - AFTER.toNanos() + 1;
    assertThat(ReplicaPlan.next(SHARDS, s, current, members(2, 3), Map.of("n1", since), NOW,
        AFTER)).isEmpty();
    // never seen missing before: the clock starts now
    assertThat(ReplicaPlan.next(SHARDS, s, current, members(2, 3), Map.of(), NOW, AFTER))
        .isEmpty();
  }

  @Test
  void memberAbsentLongerThanReplaceAfter_isReplacedByALiveOne() {
    ShardId s = new ShardId(3);
    List<ShardPeer> current = placed(s, members(1, 2, 3));
    Optional<List<ShardPeer>> next = ReplicaPlan.next(SHARDS, s, current, members(2, 3, 4),
        Map.of("n1", NOW - AFTER.toNanos()), NOW, AFTER);
    assertThat(next).isPresent();
    assertThat(names(next.get())).containsExactlyInAnyOrder("n2", "n3", "n4");
  }

  @Test
  void noReplacementAvailable_keepsTheAbsentReplica() {
    ShardId s = new ShardId(5);
    List<ShardPeer> current = placed(s, members(1, 2, 3));
    assertThat(ReplicaPlan.next(SHARDS, s, current, members(2, 3),
        Map.of("n1", NOW - AFTER.toNanos() - 1), NOW, AFTER)).isEmpty();
  }

  @Test
  void twoAbsent_oneReplacement_replacesOneAndKeepsTheOther() {
    ShardId s = new ShardId(6);
    List<ShardPeer> current = placed(s, members(1, 2, 3));
    long gone = NOW - AFTER.toNanos() - 1;
    // n1 and n2 gone long, only n4 to replace them: n3, n4 and one of the two absent ones
    Optional<List<ShardPeer>> next = ReplicaPlan.next(SHARDS, s, current, members(3, 4),
        Map.of("n1", gone, "n2", gone), NOW, AFTER);
    assertThat(next).isPresent();
    assertThat(names(next.get())).hasSize(3).contains("n3", "n4");
    assertThat(names(next.get())).containsAnyOf("n1", "n2");
  }

  @Test
  void membersWithoutRaft_areNeverCandidates() {
    ShardId s = new ShardId(7);
    List<ShardPeer> current = placed(s, members(1, 2, 3));
    List<Member> view = new ArrayList<>(members(1, 2, 3));
    view.add(new Member("client-only", "127.0.0.1", 50_099)); // peer port 0
    assertThat(ReplicaPlan.next(SHARDS, s, current, view, Map.of(), NOW, AFTER)).isEmpty();
  }

  @Test
  void everyLeaderComputesTheSamePlan_preferredReplicaFirst() {
    ShardId s = new ShardId(9);
    List<ShardPeer> current = placed(s, members(1, 2, 3));
    List<Member> view = members(4, 3, 2, 1, 5);
    List<Member> reordered = members(5, 1, 2, 3, 4);
    assertThat(ReplicaPlan.next(SHARDS, s, current, view, Map.of(), NOW, AFTER))
        .isEqualTo(ReplicaPlan.next(SHARDS, s, current, reordered, Map.of(), NOW, AFTER));
  }
}
