package io.switchboard.cluster.remote;

/**
 * The hosting side of one heartbeat link, as pure bookkeeping: the link's children may run only
 * while a ping arrived within the lease the supervising node asked for. Times are nanoseconds on
 * the hosting node's own monotonic clock; nothing here reads a clock.
 *
 * <p>Measured from the <em>arrival</em> of the last ping, so the hosting node never needs the
 * other node's clock; the supervising side waits one interval longer than this lease before it
 * declares {@code noconnection} (see {@link RemoteConfig}), which covers the gap between the
 * last ping sent and the last ping answered.
 *
 * <p>Not thread-safe: the owner synchronises.
 */
final class FenceLease {
  private long heardAt;
  private long leaseNanos;

  /** A link whose first child started at {@code now}, allowed {@code leaseNanos} until a ping. */
  FenceLease(long now, long leaseNanos) {
    this.heardAt = now;
    this.leaseNanos = positive(leaseNanos);
  }

  /** A ping arrived at {@code now}; {@code leaseNanos} {@code <= 0} keeps the current lease. */
  void onPing(long now, long leaseNanos) {
    heardAt = Math.max(heardAt, now);
    if (leaseNanos > 0) {
      this.leaseNanos = leaseNanos;
    }
  }

  /** True once no ping arrived within the lease: the link's children must stop. */
  boolean expired(long now) {
    return now - heardAt > leaseNanos;
  }

  /** When the children get fenced unless a ping arrives first. */
  long expiresAt() {
    return heardAt + leaseNanos;
  }

  private static long positive(long nanos) {
    if (nanos <= 0) {
      throw new IllegalArgumentException("a fence lease must be positive, was " + nanos + " ns");
    }
    return nanos;
  }
}
