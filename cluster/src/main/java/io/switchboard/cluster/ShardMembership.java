package io.switchboard.cluster;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.shard.ReplicaPlan;
import io.switchboard.cluster.shard.ShardId;
import io.switchboard.cluster.shard.ShardPeer;
import io.switchboard.cluster.shard.ShardReplicas;
import io.switchboard.cluster.shard.Shards;
import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership drives the shards' Raft configurations: every second, for each shard this node
 * leads, the replicas {@link ReplicaPlan} chooses from the view replace the current ones (a
 * joining member takes the replicas it ranks highest for; a member out of the view longer than
 * {@code --replace-after} is replaced). Replicas left on live members outside a configuration (a
 * member replaced while away that came back with its data) are removed once per appearance.
 *
 * <p>Only a leader in a view with a quorum acts, at most {@value #MAX_CHANGES} changes at a time;
 * a change that fails is tried again on a later tick. Ticks run on one thread.
 */
final class ShardMembership {
  private static final Logger log = LoggerFactory.getLogger(ShardMembership.class);
  /** Configuration changes in flight from this node (each may install a snapshot). */
  static final int MAX_CHANGES = 4;

  private final String self;
  private final Shards shards;
  private final Duration replaceAfter;
  private final Clock clock;
  /** When each member was first seen missing from the view; tick thread only. */
  private final Map<String, Long> absentSince = new HashMap<>();
  private final Set<ShardId> changing = ConcurrentHashMap.newKeySet();
  /** "shard/member" pairs already told to drop a stale replica while the member is in view. */
  private final Set<String> dropped = new HashSet<>();

  ShardMembership(String self, Shards shards, Duration replaceAfter, Clock clock) {
    this.self = self;
    this.shards = shards;
    this.replaceAfter = replaceAfter;
    this.clock = clock;
  }

  void tick(Membership view, ShardReplicas replicas) {
    Set<String> inView = new HashSet<>();
    view.members().forEach(m -> inView.add(m.name()));
    absentSince.keySet().removeIf(inView::contains);
    dropped.removeIf(k -> !inView.contains(k.substring(k.indexOf('/') + 1)));
    if (!view.hasQuorum()) {
      return;
    }
    long now = clock.nanoTime();
    for (ShardId shard : replicas.hosted()) {
      if (!replicas.isLeader(shard) || changing.contains(shard)) {
        continue;
      }
      Optional<List<ShardPeer>> conf = replicas.configuration(shard);
      if (conf.isEmpty()) {
        continue;
      }
      List<ShardPeer> current = conf.get();
      for (ShardPeer p : current) {
        if (!inView.contains(p.member())) {
          absentSince.putIfAbsent(p.member(), now);
        }
      }
      Optional<List<ShardPeer>> next = ReplicaPlan.next(shards, shard, current, view.members(),
          absentSince, now, replaceAfter);
      if (next.isPresent()) {
        if (changing.size() < MAX_CHANGES) {
          change(replicas, shard, current, next.get());
        }
      } else {
        dropStale(replicas, shard, current, view.members());
      }
    }
  }

  private void change(ShardReplicas replicas, ShardId shard, List<ShardPeer> current,
      List<ShardPeer> next) {
    changing.add(shard);
    next.forEach(p -> dropped.remove(shard.value() + "/" + p.member()));
    log.info("event=shard_reconfiguring node={} shard={} from={} to={}", self, shard.value(),
        current.stream().map(ShardPeer::member).toList(),
        next.stream().map(ShardPeer::member).toList());
    replicas.reconfigure(shard, current, next).whenComplete((ok, error) -> {
      changing.remove(shard);
      if (error != null) {
        log.warn("event=shard_reconfigure_failed node={} shard={} to={} error=\"{}\"", self,
            shard.value(), next.stream().map(ShardPeer::member).toList(), error.toString());
      }
    });
  }

  private void dropStale(ShardReplicas replicas, ShardId shard, List<ShardPeer> current,
      List<Member> view) {
    for (Member m : view) {
      if (m.raft().isEmpty() || current.stream().anyMatch(p -> p.member().equals(m.name()))
          || !dropped.add(shard.value() + "/" + m.name())) {
        continue;
      }
      replicas.dropStale(shard, new ShardPeer(m.name(), m.raft().get()));
    }
  }
}
