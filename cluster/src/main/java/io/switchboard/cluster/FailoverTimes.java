package io.switchboard.cluster;

import io.switchboard.cluster.shard.ShardId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Times the phases of failovers as one node sees them, for {@code
 * switchboard_failover_seconds{phase}}.
 *
 * <p>A failover of a shard starts at the first sign on this node that its leader is gone: the
 * view losing that member, or Raft electing a successor, whichever comes first (Raft's election
 * timeout, 300–600 ms, often beats the membership's failure detection). {@link
 * ClusterEvents.Phase#ELECT} runs from that start to the new leader known here (0 when the
 * election was the first sign); {@link ClusterEvents.Phase#FIRST_CALL} from that start to the
 * first name of the shard started on this node. A leadership change whose old leader stays in the
 * view (a transfer to the preferred replica) is no failover and is not timed; one is forgotten
 * after {@link #CONFIRM_WITHIN} without the old leader leaving the view.
 *
 * <p>Not thread-safe by itself: the caller serialises calls (they are all {@code synchronized}).
 */
final class FailoverTimes {
  /** A leadership change counts as a failover if the old leader leaves the view within this. */
  static final Duration CONFIRM_WITHIN = Duration.ofSeconds(30);

  private final BiConsumer<ClusterEvents.Phase, Duration> observe;
  private final Map<ShardId, String> leaders = new HashMap<>();
  /** Shards whose leader was lost from the view, waiting for the election: since when. */
  private final Map<ShardId, Long> electing = new HashMap<>();
  /** Confirmed failovers waiting for their first call here: since when. */
  private final Map<ShardId, Long> firstCall = new HashMap<>();
  /** Leadership changes not yet confirmed as failovers. */
  private final Map<ShardId, Change> changes = new HashMap<>();

  private record Change(String oldLeader, long at, long firstCallAt) {}

  FailoverTimes(BiConsumer<ClusterEvents.Phase, Duration> observe) {
    this.observe = Objects.requireNonNull(observe, "observe");
  }

  /** This node learnt that {@code leader} leads {@code shard}. */
  synchronized void elected(ShardId shard, String leader, long now) {
    String old = leaders.put(shard, leader);
    Long since = electing.remove(shard);
    if (since != null) {
      observe.accept(ClusterEvents.Phase.ELECT, nanos(now - since));
    } else if (old != null && !old.equals(leader)) {
      changes.put(shard, new Change(old, now, -1));
    }
  }

  /** A name of {@code shard} was started here. */
  synchronized void activated(ShardId shard, long now) {
    Long since = firstCall.remove(shard);
    if (since != null) {
      observe.accept(ClusterEvents.Phase.FIRST_CALL, nanos(now - since));
      return;
    }
    Change c = changes.get(shard);
    if (c != null && c.firstCallAt < 0) {
      changes.put(shard, new Change(c.oldLeader, c.at, now));
    }
  }

  /**
   * {@code gone} left the view.
   *
   * @return the shards it led as far as this node knows (those whose failover starts now)
   */
  synchronized int lost(String gone, long now) {
    int led = 0;
    for (Map.Entry<ShardId, String> e : leaders.entrySet()) {
      if (e.getValue().equals(gone)) {
        electing.put(e.getKey(), now);
        firstCall.put(e.getKey(), now);
        led++;
      }
    }
    long window = CONFIRM_WITHIN.toNanos();
    changes.entrySet().removeIf(e -> {
      Change c = e.getValue();
      if (now - c.at > window) {
        return true; // never confirmed: a transfer
      }
      if (!c.oldLeader.equals(gone)) {
        return false;
      }
      // Raft elected before the view noticed: the election was the first sign
      observe.accept(ClusterEvents.Phase.ELECT, Duration.ZERO);
      if (c.firstCallAt >= 0) {
        observe.accept(ClusterEvents.Phase.FIRST_CALL, nanos(c.firstCallAt - c.at));
      } else {
        firstCall.put(e.getKey(), c.at);
      }
      return true;
    });
    return led;
  }

  private static Duration nanos(long n) {
    return Duration.ofNanos(Math.max(0, n));
  }
}
