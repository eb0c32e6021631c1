package io.switchboard.supervisor.time;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test says so. Thread-safe; {@link #advance} wakes every event
 * loop that uses this clock so due timers fire without any real waiting.
 */
public final class ManualClock implements Clock {
  private final AtomicLong nanos;
  private final CopyOnWriteArrayList<Runnable> wakers = new CopyOnWriteArrayList<>();

  public ManualClock() {
    this(1_000_000_000L);
  }

  public ManualClock(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public void onAdvance(Runnable waker) {
    wakers.addIfAbsent(waker);
  }

  /** Moves time forward and wakes the loops that use this clock. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + by);
    }
    nanos.addAndGet(by.toNanos());
    for (Runnable waker : wakers) {
      waker.run();
    }
  }
}
