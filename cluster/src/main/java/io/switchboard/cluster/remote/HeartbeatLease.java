package io.switchboard.cluster.remote;

/**
 * The supervising side of one heartbeat link, as pure bookkeeping: when the next ping is due, and
 * whether the peer has answered recently enough for its children to count as alive. Times are
 * nanoseconds on the supervising node's own monotonic clock; nothing here reads a clock.
 *
 * <p><b>Round trips, not arrivals.</b> A pong answering ping {@code seq} proves the peer was alive
 * when that ping was <em>sent</em> (at the earliest), so it confirms the link up to the ping's send
 * time, never up to the pong's arrival. A pong that sat in a buffer while this node or the network
 * stalled therefore extends little. A pong for a ping older than the remembered window (the last
 * {@code missedBeats + 2} pings), or one sent on its own to report exits ({@code seq 0}), confirms
 * nothing.
 *
 * <p><b>Expiry.</b> The link expires when no answered ping was sent within
 * {@code noConnectionAfter} (lease + one interval, see {@link RemoteConfig}). A successful
 * StartChild counts as contact when its answer arrived ({@link #onContact}): the hosting node's
 * grace for a new link starts when the request reaches it, so that is never later than its
 * fence, and a slow first start does not expire a link that has just been made.
 * {@link #stopPinging} (the peer left the view) ends the pings so that the peer fences its
 * children; the expiry rule is unchanged.
 *
 * <p>Not thread-safe: the owner synchronises.
 */
final class HeartbeatLease {
  private final long intervalNanos;
  private final long noConnectionNanos;
  private final long[] ringSeq;
  private final long[] ringSentAt;
  private long nextSeq = 1;
  private long confirmedAt;
  private long nextPingAt;
  private boolean pinging = true;

  /** A link opened at {@code now}: it counts as confirmed at {@code now}, first ping due now. */
  HeartbeatLease(RemoteConfig config, long now) {
    this.intervalNanos = config.interval().toNanos();
    this.noConnectionNanos = config.noConnectionAfter().toNanos();
    int window = config.missedBeats() + 2;
    this.ringSeq = new long[window];
    this.ringSentAt = new long[window];
    this.confirmedAt = now;
    this.nextPingAt = now;
  }

  /** True when a ping should be sent now. */
  boolean pingDue(long now) {
    return pinging && now - nextPingAt >= 0;
  }

  /** Records a ping sent at {@code now}; returns its sequence number (from 1). */
  long ping(long now) {
    long seq = nextSeq++;
    int slot = (int) (seq % ringSeq.length);
    ringSeq[slot] = seq;
    ringSentAt[slot] = now;
    // fixed rate from the schedule, but never a burst of catch-up pings after a stall
    nextPingAt = Math.max(nextPingAt + intervalNanos, now + intervalNanos / 2);
    return seq;
  }

  /** The sequence number the next ping will carry. */
  long nextSeq() {
    return nextSeq;
  }

  /**
   * A pong answered ping {@code seq}: the link is confirmed up to that ping's send time.
   *
   * @return true when it confirmed anything (a known, remembered ping)
   */
  boolean onPong(long seq) {
    if (seq <= 0 || seq >= nextSeq) {
      return false;
    }
    int slot = (int) (seq % ringSeq.length);
    if (ringSeq[slot] != seq) {
      return false; // older than the window: it can no longer matter
    }
    confirmedAt = Math.max(confirmedAt, ringSentAt[slot]);
    return true;
  }

  /** The peer's answer to a request that created or used its session arrived at {@code at}. */
  void onContact(long at) {
    confirmedAt = Math.max(confirmedAt, at);
  }

  /** No more pings (the peer left the view): its children get fenced there by their lease. */
  void stopPinging() {
    pinging = false;
  }

  boolean isPinging() {
    return pinging;
  }

  /** True once no answered ping was sent within {@code noConnectionAfter}. */
  boolean expired(long now) {
    return now - confirmedAt > noConnectionNanos;
  }

  /** When the link expires unless a pong arrives first. */
  long expiresAt() {
    return confirmedAt + noConnectionNanos;
  }

  /** Whole intervals since the last confirmed ping (for logs). */
  long missedBeats(long now) {
    return Math.max(0, (now - confirmedAt) / intervalNanos);
  }

  /** The send time of the latest answered ping (or contact). */
  long confirmedAt() {
    return confirmedAt;
  }
}
