package io.switchboard.supervisor.internal;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.switchboard.supervisor.time.Clock;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * How a producer claims a slot of a multi-producer Disruptor ring without ever blocking past its
 * deadline: the one claim routine of event-loop inboxes and {@code GenEvent} rings.
 *
 * <p>A claim never blocks on the ring ({@code tryNext}); when the ring is full it either fails at
 * once ({@link #FULL}) or, if given a deadline, retries (spin 100 times, then park
 * {@value #PARK_NANOS} ns at a time) until there is room or the deadline passes. After
 * {@link #stop()} every claim returns {@link #STOPPED}. A refused claim is counted in the
 * overload counter it was given.
 *
 * <p>Bounds: the ring's gating sequences are the hard bound. A <em>soft</em> limit below the ring
 * size (an inbox of 10 000 on a ring of 16 384) is checked first against a cached copy of the
 * consumer's sequence; the consumer's (contended) sequence is read only when the cache says the
 * ring may be full, so an uncontended send does not bounce its cache line. The soft limit is
 * exact for one producer and may be exceeded by one event per concurrent producer.
 *
 * <p>Thread-safe: any thread may claim. The thread set by {@link #neverWaitOn} (a loop's own
 * thread) never waits, whatever its deadline: it would wait for itself.
 */
public final class RingClaim {
  /** Returned instead of a sequence after {@link #stop()}. */
  public static final long STOPPED = -1;
  /** Returned instead of a sequence when there was no room (in time). */
  public static final long FULL = -2;

  private static final int SPINS = 100;
  private static final long PARK_NANOS = 20_000;

  private final RingBuffer<?> ring;
  private final long softLimit;
  private final Sequence consumer;
  private final LongAdder overloads;
  /** Producers' racy cache of {@link #consumer}: only ever behind it, so never over the bound. */
  private long consumerCache = -1;
  private volatile boolean stopped;
  private volatile Thread neverWaits;

  private RingClaim(RingBuffer<?> ring, long softLimit, Sequence consumer, LongAdder overloads) {
    this.ring = ring;
    this.softLimit = softLimit;
    this.consumer = consumer;
    this.overloads = overloads;
  }

  /** Claims bounded by the ring's gating sequences only. */
  public static RingClaim gated(RingBuffer<?> ring, LongAdder overloads) {
    return new RingClaim(ring, Long.MAX_VALUE, null, overloads);
  }

  /**
   * Claims bounded to {@code limit} events not yet taken by {@code consumer} (the ring's one
   * consumer), as well as by the ring.
   */
  public static RingClaim softLimit(
      RingBuffer<?> ring, int limit, Sequence consumer, LongAdder overloads) {
    if (limit < 1 || limit > ring.getBufferSize()) {
      throw new IllegalArgumentException("soft limit must be 1.." + ring.getBufferSize()
          + ", got " + limit);
    }
    return new RingClaim(ring, limit, consumer, overloads);
  }

  /** {@code thread} (the consumer's) never waits for room: its claims fail at once when full. */
  public void neverWaitOn(Thread thread) {
    this.neverWaits = thread;
  }

  /** Refuses every later claim with {@link #STOPPED} (idempotent). */
  public void stop() {
    stopped = true;
  }

  public boolean isStopped() {
    return stopped;
  }

  /**
   * A claimed sequence (fill its slot and publish it), or {@link #STOPPED} / {@link #FULL}.
   * Waits for room until {@code waitUntil} on {@code waitClock} when that is not null; with a
   * null clock never waits. Blocks at most until the deadline.
   */
  public long claim(Clock waitClock, long waitUntil) {
    int spins = 0;
    while (true) {
      if (stopped) {
        return STOPPED;
      }
      if (hasRoom()) {
        try {
          return ring.tryNext();
        } catch (InsufficientCapacityException full) {
          // fall through to the overload path
        }
      }
      if (waitClock == null || waitClock.nanoTime() - waitUntil >= 0
          || Thread.currentThread() == neverWaits) {
        overloads.increment();
        return FULL;
      }
      if (++spins < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(PARK_NANOS);
      }
    }
  }

  private boolean hasRoom() {
    if (consumer == null) {
      return true;
    }
    long cursor = ring.getCursor();
    if (cursor - consumerCache < softLimit) {
      return true;
    }
    consumerCache = consumer.get();
    return cursor - consumerCache < softLimit;
  }
}
