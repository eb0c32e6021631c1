package io.switchboard.supervisor.internal;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import io.switchboard.supervisor.IdleStrategy;
import java.util.concurrent.locks.LockSupport;

/**
 * The loop's Disruptor wait strategy: spin, yield, then park until a producer publishes, a timer is
 * due, or the clock is advanced. Returns a sequence lower than asked for when it gives up waiting
 * (timer due or woken), which the loop treats as "check timers and wait again".
 *
 * <p>Producers pay one volatile read per publish ({@link #signalAllWhenBlocking}); only when the
 * loop is parked do they pay an unpark.
 */
final class LoopWaitStrategy implements WaitStrategy {
  private final IdleStrategy idle;
  private volatile Thread parked;
  /** Set by {@link #wake}: give up waiting at once (the clock moved, timers may be due). */
  private volatile boolean woken;
  /** Written by the loop thread before each wait: the longest it may wait, in real nanos. */
  long timeoutNanos = Long.MAX_VALUE;

  LoopWaitStrategy(IdleStrategy idle) {
    this.idle = idle;
  }

  @Override
  public long waitFor(long sequence, Sequence cursor, Sequence dependent, SequenceBarrier barrier)
      throws AlertException {
    long available = dependent.get();
    if (available >= sequence) {
      return available;
    }
    long start = System.nanoTime();
    long spinUntil = start + idle.spinNanos();
    long yieldUntil = spinUntil + idle.yieldNanos();
    long timeout = timeoutNanos;
    long giveUpAt = timeout == Long.MAX_VALUE ? Long.MAX_VALUE : start + timeout;
    while ((available = dependent.get()) < sequence) {
      barrier.checkAlert();
      if (woken) {
        woken = false;
        return available;
      }
      long now = System.nanoTime();
      if (giveUpAt != Long.MAX_VALUE && now - giveUpAt >= 0) {
        return available;
      }
      if (now - spinUntil < 0) {
        Thread.onSpinWait();
      } else if (now - yieldUntil < 0) {
        Thread.yield();
      } else {
        parked = Thread.currentThread();
        if (dependent.get() < sequence && !woken) {
          long park = giveUpAt == Long.MAX_VALUE ? 1_000_000_000L : Math.max(1, giveUpAt - now);
          LockSupport.parkNanos(this, park);
        }
        parked = null;
        return dependent.get();
      }
    }
    return available;
  }

  /** Makes the loop stop waiting whatever phase it is in (spinning, yielding or parked). */
  void wake() {
    woken = true;
    signalAllWhenBlocking();
  }

  @Override
  public void signalAllWhenBlocking() {
    Thread t = parked;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }
}
