package io.switchboard.cluster.shard;

import io.switchboard.cluster.membership.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which replicas a shard should have now: what its leader decides every second, so that
 * membership drives the Raft configuration.
 *
 * <p>The candidates are the members of the view that run a Raft server, plus the current replicas
 * that have been out of the view for less than {@code replaceAfter} (a restart or a short pause
 * does not move a replica; a member gone longer is replaced). The plan is the R candidates ranked
 * highest by the same rendezvous hashing that placed the shard at formation ({@link
 * Shards#replicasOf}), so a joining member takes over only the replicas it ranks highest for, and
 * every leader computes the same plan from the same view. An absent replica is only ever replaced,
 * never dropped: with fewer than R live candidates the absent replicas stay (a 3-replica shard
 * on 3 members keeps all three while one is down; shrinking it to 2 would survive no more losses
 * and would need a reconfiguration to grow back). Raft's joint consensus makes any change
 * safe; this only chooses it.
 *
 * <p>Pure and thread-safe.
 */
public final class ReplicaPlan {

  private ReplicaPlan() {}

  /**
   * The replicas {@code shard} should have, highest-ranked first, or empty when its current
   * replicas are already those (in any order) or there is no candidate.
   *
   * @param current the shard's replicas in its committed (not transitional) configuration
   * @param view the members of this node's view (those with peer port 0 run no Raft and are
   *     never candidates)
   * @param absentSince when each member out of the view was first seen missing (nanos of the
   *     caller's clock); a current replica missing from this map counts as just gone
   */
  public static Optional<List<ShardPeer>> next(Shards shards, ShardId shard,
      List<ShardPeer> current, Collection<Member> view, Map<String, Long> absentSince,
      long nowNanos, Duration replaceAfter) {
    Map<String, ShardPeer> candidates = new LinkedHashMap<>();
    List<Member> ranked = new ArrayList<>();
    for (Member m : view) {
      if (m.raft().isPresent() && !candidates.containsKey(m.name())) {
        candidates.put(m.name(), new ShardPeer(m.name(), m.raft().get()));
        ranked.add(m);
      }
    }
    for (ShardPeer p : current) {
      if (candidates.containsKey(p.member())) {
        continue;
      }
      long since = absentSince.getOrDefault(p.member(), nowNanos);
      if (nowNanos - since < replaceAfter.toNanos()) {
        candidates.put(p.member(), p);
        // ranking uses the name only; the endpoint is the replica's Raft address
        ranked.add(new Member(p.member(), p.address().host(), p.address().port(),
            p.address().port()));
      }
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    List<ShardPeer> next = new ArrayList<>(shards.replicasOf(shard, ranked).stream()
        .map(m -> candidates.get(m.name())).toList());
    // too few live members to replace the absent ones: keep them rather than shrink, since a
    // smaller group survives no more losses and would have to be grown again when they return
    for (ShardPeer p : current) {
      if (next.size() >= shards.replicas()) {
        break;
      }
      if (next.stream().noneMatch(n -> n.member().equals(p.member()))) {
        next.add(p);
      }
    }
    Set<String> now = new HashSet<>();
    current.forEach(p -> now.add(p.member()));
    Set<String> wanted = new HashSet<>();
    next.forEach(p -> wanted.add(p.member()));
    return now.equals(wanted) ? Optional.empty() : Optional.of(List.copyOf(next));
  }
}
