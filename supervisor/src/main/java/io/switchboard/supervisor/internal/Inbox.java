package io.switchboard.supervisor.internal;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A loop's bounded inbox: an LMAX Disruptor multi-producer ring of reusable {@link Envelope}s
 * with one consumer, the loop thread.
 *
 * <p>Producers (any thread) send with {@link #sendCall}, {@link #sendCast} or
 * {@link #sendControl}: claim a slot through the shared {@link RingClaim} (never blocking past the
 * caller's deadline), fill it in place, publish. A refused send queues nothing and completes its
 * reply, if any, with {@code Unavailable} (stopped) or {@code Overloaded} (full). Nothing is
 * allocated per send.
 *
 * <p>The loop thread waits with {@link #waitFor}, takes each slot and marks it
 * {@link #consumed} before stepping it (the bound counts events not yet taken). Stopping is two
 * steps: {@link #refuse} (new sends fail at once) and {@link #publishHalt} (the loop finishes
 * what was queued before the halt); after {@link #halt} a send that slipped in behind the halt is
 * failed by its own producer or by {@link #drainAfterHalt}, whichever is first.
 */
final class Inbox {
  /** How long {@link #publishHalt} waits for room before it gives up on a stuck loop. */
  private static final Duration HALT_WAIT = Duration.ofSeconds(5);

  private final String loop;
  private final int capacity;
  private final RingBuffer<Envelope> ring;
  private final SequenceBarrier barrier;
  private final Sequence consumed = new Sequence(-1);
  private final RingClaim claims;
  private volatile boolean halted;

  Inbox(String loop, int capacity, LoopWaitStrategy wait, LoopCounters counters) {
    this.loop = loop;
    this.capacity = capacity;
    int size = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
    this.ring = RingBuffer.createMultiProducer(Envelope::new, size, wait);
    this.barrier = ring.newBarrier();
    this.ring.addGatingSequences(consumed);
    this.claims = RingClaim.softLimit(ring, capacity, consumed, counters.overloads);
  }

  /** The loop's own thread never waits for room in its own inbox. */
  void ownedBy(Thread loopThread) {
    claims.neverWaitOn(loopThread);
  }

  // ------------------------------------------------------------------ producers (any thread)

  /**
   * Queues a call. Waits for room until the deadline when {@code waitForRoom}. Returns the
   * sequence, or {@link RingClaim#STOPPED}/{@link RingClaim#FULL} with {@code reply} failed.
   */
  long sendCall(ServerCell cell, Object input, Promise<Object> reply, Clock deadlineClock,
      long deadlineNanos, byte mode, boolean waitForRoom) {
    long seq = claims.claim(waitForRoom ? deadlineClock : null, deadlineNanos);
    if (seq < 0) {
      reply.complete(refusal(seq));
      return seq;
    }
    ring.get(seq).fillCall(cell, input, reply, deadlineClock, deadlineNanos, mode);
    publish(seq, reply);
    return seq;
  }

  /** Queues a cast; never waits. Returns the sequence, or STOPPED/FULL. */
  long sendCast(ServerCell cell, Object input) {
    long seq = claims.claim(null, 0);
    if (seq >= 0) {
      ring.get(seq).fillCast(cell, input);
      ring.publish(seq);
    }
    return seq;
  }

  /** Queues a control event (see {@link Envelope#fillControl}); never waits. As sendCall. */
  long sendControl(byte kind, ServerCell cell, Promise<Object> reply, Object extra) {
    long seq = claims.claim(null, 0);
    if (seq < 0) {
      if (reply != null) {
        reply.complete(refusal(seq));
      }
      return seq;
    }
    ring.get(seq).fillControl(kind, cell, reply, extra);
    publish(seq, reply);
    return seq;
  }

  private void publish(long seq, Promise<Object> reply) {
    ring.publish(seq);
    if (halted && reply != null) {
      // the loop may have exited before it saw this slot: fail it ourselves (first wins)
      reply.complete(new Reply.Unavailable<>("loop " + loop + " stopped"));
    }
  }

  /** The error for a refused send ({@link RingClaim#STOPPED} or {@link RingClaim#FULL}). */
  <T> Reply<T> refusal(long code) {
    return code == RingClaim.STOPPED
        ? new Reply.Unavailable<>("loop " + loop + " stopped")
        : new Reply.Overloaded<>("inbox of loop " + loop + " is full (" + capacity + " events)");
  }

  /** Events queued and not yet taken by the loop. Approximate. */
  long size() {
    return Math.max(0, ring.getCursor() - consumed.get());
  }

  int capacity() {
    return capacity;
  }

  /** New sends fail with {@code Unavailable} from now on (idempotent). */
  void refuse() {
    claims.stop();
  }

  boolean refusing() {
    return claims.isStopped();
  }

  /**
   * Queues the halt behind everything already queued, past the soft bound. Bounded: when the
   * ring stays full for {@link #HALT_WAIT} (a step that never returns) the halt is left behind,
   * logged; the inbox refuses new work either way.
   */
  void publishHalt(String currentServer) {
    long giveUp = System.nanoTime() + HALT_WAIT.toNanos();
    long seq;
    while (true) {
      try {
        seq = ring.tryNext();
        break;
      } catch (InsufficientCapacityException e) {
        if (System.nanoTime() - giveUp > 0) {
          LoopEngine.LOG.error("event=loop_stop_stuck loop={} reason=\"inbox full for 5 s: a step "
              + "is not returning\" current={}", loop, currentServer);
          return;
        }
        LockSupport.parkNanos(50_000);
      }
    }
    ring.get(seq).fillControl(Envelope.HALT, null, null, null);
    ring.publish(seq);
  }

  // ------------------------------------------------------------------ the loop thread

  /** The highest published sequence, possibly below {@code next} when the wait gave up. */
  long waitFor(long next) {
    try {
      return barrier.waitFor(next);
    } catch (AlertException | InterruptedException | TimeoutException e) {
      return next - 1;
    }
  }

  Envelope slot(long seq) {
    return ring.get(seq);
  }

  /** The loop took slot {@code seq} (and every one before): producers may reuse it. */
  void consumed(long seq) {
    consumed.set(seq);
  }

  /** The loop processed the halt: sends from now on fail on their producer's thread. */
  void halt() {
    halted = true;
  }

  boolean halted() {
    return halted;
  }

  /** After the halt: fails whatever was published behind it, so no caller waits for nothing. */
  void drainAfterHalt(long next) {
    long cursor = ring.getCursor();
    for (; next <= cursor; next++) {
      Envelope e = ring.get(next);
      if (e.promise != null) {
        e.promise.complete(new Reply.Unavailable<>("loop " + loop + " stopped"));
      }
      e.clear();
    }
    consumed.set(cursor);
  }
}
