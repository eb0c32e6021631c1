package io.switchboard.cluster.remote;

import java.time.Duration;

/**
 * Timings and bounds of remote supervision. Immutable; change it with the {@code with…} methods.
 *
 * <h2>Timing</h2>
 *
 * The supervising node pings each peer that hosts its children every {@link #interval()}
 * (default 500 ms). The hosting node stops (fences) the children of a link that has not pinged
 * for the {@link #lease()}: {@code interval × missedBeats} (default 3 beats = 1.5 s). The
 * supervising node declares those children exited with {@code noconnection} once no pong has
 * answered a ping sent within {@link #noConnectionAfter()}: the lease plus one interval
 * (default 2 s), so that for a cut that stops both directions the orphan is already fenced when
 * its supervisor restarts it elsewhere (the last ping the child heard was sent at most one
 * interval after the last one it answered).
 *
 * <h2>Bounds</h2>
 *
 * Remote children supervised from one node (default 100 000), starts in flight (1 024), calls
 * and casts in flight (10 000), exits queued per link on the hosting side before they are sent
 * (10 000; past it the link is fenced), abandoned start ids per link (10 000; past it the link
 * is dropped and its children fenced), children hosted for remote supervisors (100 000), links
 * hosted (4 096).
 *
 * <h2>What a peer may ask for</h2>
 *
 * The lease is chosen by the supervising node and sent in every StartChild and ping; a hosting
 * node accepts at most {@link #MAX_LEASE} (60 s) and refuses a larger one with
 * {@code INVALID_ARGUMENT}, so no caller can keep orphans alive for long after it went away.
 * One supervising node may hold at most {@link #MAX_STREAMS_PER_PEER} (4) heartbeat streams open
 * to a hosting node (normally one per link; a reconnect briefly overlaps two); a further stream
 * is refused with {@code RESOURCE_EXHAUSTED}. All heartbeat streams together, counted from the
 * moment they open, are bounded by twice {@link #maxLinks()}.
 *
 * @param interval ping interval, default 500 ms
 * @param missedBeats beats without a ping after which the hosting node fences, default 3
 * @param startTimeout deadline of one StartChild, default 5 s (OTP's default call timeout)
 * @param stopTimeout how long the hosting node lets {@code terminate} run on a StopChild before
 *     it answers {@code killed}, default 5 s (OTP's worker shutdown); the supervisor's own
 *     {@code ChildSpec} shutdown still bounds how long the supervisor waits
 * @param quarantine how long a peer whose link was lost is skipped by "any other node"
 *     placement while it stays in the view, default 10 s
 * @param maxChildren remote children this node supervises at once
 * @param maxPendingStarts StartChild requests in flight from this node
 * @param maxInFlightCalls calls and casts to remote children in flight from this node
 * @param maxQueuedExits exits queued per link on the hosting side
 * @param maxAbandoned abandoned start ids remembered per link
 * @param maxHosted children this node hosts for remote supervisors
 * @param maxLinks links (supervising processes × this node) this node hosts children for
 */
public record RemoteConfig(
    Duration interval,
    int missedBeats,
    Duration startTimeout,
    Duration stopTimeout,
    Duration quarantine,
    int maxChildren,
    int maxPendingStarts,
    int maxInFlightCalls,
    int maxQueuedExits,
    int maxAbandoned,
    int maxHosted,
    int maxLinks) {

  /** The longest lease a hosting node grants a supervising node (StartChild, pings). */
  public static final Duration MAX_LEASE = Duration.ofSeconds(60);

  /** Heartbeat streams one supervising node may hold open to a hosting node at once. */
  public static final int MAX_STREAMS_PER_PEER = 4;

  /** The defaults listed above. */
  public static final RemoteConfig DEFAULTS = new RemoteConfig(Duration.ofMillis(500), 3,
      Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 100_000, 1_024,
      10_000, 10_000, 10_000, 100_000, 4_096);

  /** Validates: positive durations and bounds, at least 2 missed beats. */
  public RemoteConfig {
    positive(interval, "interval");
    positive(startTimeout, "startTimeout");
    positive(stopTimeout, "stopTimeout");
    positive(quarantine, "quarantine");
    if (missedBeats < 2) {
      throw new IllegalArgumentException("missedBeats must be >= 2 (one late ping must not fence "
          + "a child), was " + missedBeats);
    }
    if (interval.toMillis() * missedBeats > MAX_LEASE.toMillis()) {
      throw new IllegalArgumentException("lease too long: " + interval + " x " + missedBeats
          + " is over " + MAX_LEASE + " (RemoteConfig.MAX_LEASE: hosting nodes refuse more)");
    }
    for (int bound : new int[] {maxChildren, maxPendingStarts, maxInFlightCalls, maxQueuedExits,
        maxAbandoned, maxHosted, maxLinks}) {
      if (bound < 1) {
        throw new IllegalArgumentException("bounds must be >= 1: " + bound);
      }
    }
  }

  /** How long a hosting node keeps a link's children without a ping: interval × missed beats. */
  public Duration lease() {
    return interval.multipliedBy(missedBeats);
  }

  /** How long without an answered ping before the children are declared {@code noconnection}. */
  public Duration noConnectionAfter() {
    return lease().plus(interval);
  }

  /** The same config with another ping interval. */
  public RemoteConfig withInterval(Duration interval) {
    return new RemoteConfig(interval, missedBeats, startTimeout, stopTimeout, quarantine,
        maxChildren, maxPendingStarts, maxInFlightCalls, maxQueuedExits, maxAbandoned, maxHosted,
        maxLinks);
  }

  /** The same config with another number of missed beats. */
  public RemoteConfig withMissedBeats(int missedBeats) {
    return new RemoteConfig(interval, missedBeats, startTimeout, stopTimeout, quarantine,
        maxChildren, maxPendingStarts, maxInFlightCalls, maxQueuedExits, maxAbandoned, maxHosted,
        maxLinks);
  }

  /** The same config with another start deadline. */
  public RemoteConfig withStartTimeout(Duration startTimeout) {
    return new RemoteConfig(interval, missedBeats, startTimeout, stopTimeout, quarantine,
        maxChildren, maxPendingStarts, maxInFlightCalls, maxQueuedExits, maxAbandoned, maxHosted,
        maxLinks);
  }

  /** The same config with other bounds on what this node supervises and hosts. */
  public RemoteConfig withBounds(int maxChildren, int maxPendingStarts, int maxHosted) {
    return new RemoteConfig(interval, missedBeats, startTimeout, stopTimeout, quarantine,
        maxChildren, maxPendingStarts, maxInFlightCalls, maxQueuedExits, maxAbandoned, maxHosted,
        maxLinks);
  }

  private static void positive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
  }
}
