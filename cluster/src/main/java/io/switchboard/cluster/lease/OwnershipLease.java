package io.switchboard.cluster.lease;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The ownership lease, as a pure value-keeping object: a node may serve cluster-scoped names only
 * while it has heard, within {@link #duration()}, from enough members of its current view to make
 * a strict majority of the expected size (itself included).
 *
 * <h2>Why it is safe without a shared clock</h2>
 *
 * Hearing is measured only on this node's own monotonic clock, by round trips: this node sends a
 * ping stamped with its own time {@code t0}; a member that has this node in the same view (same
 * epoch) echoes {@code t0} back; the lease from that member then runs until {@code t0 + duration}.
 * A pong that sat in a socket buffer while this node was paused carries an old {@code t0}, so it
 * extends nothing. A member that has moved on to a newer view answers with its newer epoch, which
 * does not count either — so a node that wakes from a pause serves nothing until it has installed
 * (confirmed) the current view and heard from a majority in it.
 *
 * <p>The others need at least the failure-detection time to install a view without this node
 * (FD_ALL3 timeout + VERIFY_SUSPECT2 timeout: 3 s + 0.5 s by default). The lease (default 2 s)
 * is shorter, so a paused or cut-off owner stops serving before anyone else can start serving
 * its names. The relation {@code lease < detection} is checked by {@link #requireShorterThan}.
 *
 * <p>Not thread-safe: callers synchronise (see {@link LeaseKeeper}).
 */
public final class OwnershipLease {
  private final long durationNanos;
  /** Per member: the latest ping send time (own clock) that member answered in our epoch. */
  private final Map<String, Long> answeredPingAt = new HashMap<>();
  /** Per member: the latest answered ping send time in any epoch (for failover timing). */
  private final Map<String, Long> lastContact = new HashMap<>();
  private long epoch = -1;

  public OwnershipLease(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + duration);
    }
    this.durationNanos = duration.toNanos();
  }

  public Duration duration() {
    return Duration.ofNanos(durationNanos);
  }

  /** Fails fast when the lease is not shorter than the others' detection time. */
  public void requireShorterThan(Duration detection) {
    if (durationNanos >= detection.toNanos()) {
      throw new IllegalArgumentException("the ownership lease (" + duration()
          + ") must be shorter than failure detection (" + detection + "), or a paused owner "
          + "could still serve after the others replaced it");
    }
  }

  /** A new view: answers from older epochs no longer count. */
  public void onView(Membership view) {
    if (view.epoch() != epoch) {
      epoch = view.epoch();
      answeredPingAt.clear();
    }
  }

  /** A member answered our ping sent at {@code pingSentAt} while in view {@code theirEpoch}. */
  public void onPong(String member, long theirEpoch, long pingSentAt) {
    lastContact.merge(member, pingSentAt, Math::max);
    if (theirEpoch != epoch) {
      return;
    }
    answeredPingAt.merge(member, pingSentAt, Math::max);
  }

  /** True while a strict majority of the expected size (self included) is within the lease. */
  public boolean isValid(Membership view, long now) {
    return reasonInvalid(view, now) == null;
  }

  /** Why the lease is not held now, or {@code null} when it is. */
  public @Nullable String reasonInvalid(Membership view, long now) {
    if (view.epoch() != epoch) {
      return "lease not confirmed for view epoch " + view.epoch();
    }
    int heard = 1; // self
    for (Member m : view.members()) {
      if (m.equals(view.self())) {
        continue;
      }
      Long at = answeredPingAt.get(m.name());
      if (at != null && now - at < durationNanos) {
        heard++;
      }
    }
    if (2L * heard > view.expectedSize()) {
      return null;
    }
    return "ownership lease lapsed: heard from " + heard + " of " + view.expectedSize()
        + " within " + duration().toMillis() + " ms";
  }

  /** The last time (own clock) {@code member} answered a ping in this epoch, or {@code null}. */
  public @Nullable Long lastAnswered(String member) {
    return answeredPingAt.get(member);
  }

  /**
   * The send time of the latest ping {@code member} answered in any epoch, or {@code null}: when
   * this node last knew it alive. Bounded by the members ever seen.
   */
  public @Nullable Long lastContact(String member) {
    return lastContact.get(member);
  }
}
