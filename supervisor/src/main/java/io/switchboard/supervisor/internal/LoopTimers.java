package io.switchboard.supervisor.internal;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loop's pending timers in deadline order (FIFO among equal deadlines), bounded.
 *
 * <p>Any thread {@link #reserve}s room for a timer before making it (the count is the bound: a
 * timer from another thread is counted while it travels through the inbox); only the loop thread
 * {@link #add}s and polls. A reserved timer is released once it fires, is found cancelled, or
 * could not be queued.
 */
final class LoopTimers {
  private final PriorityQueue<LoopTimer> queue = new PriorityQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final int capacity;
  private long seq;

  LoopTimers(int capacity) {
    this.capacity = capacity;
  }

  /** Any thread: takes room for one timer; false (nothing taken) when full. */
  boolean reserve() {
    if (count.incrementAndGet() > capacity) {
      count.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Any thread: gives back the room of a timer that will not be queued. */
  void release() {
    count.decrementAndGet();
  }

  /** Loop thread: queues a reserved timer. */
  void add(LoopTimer t) {
    t.seq = seq++;
    queue.add(t);
  }

  /**
   * Loop thread: nanos (loop clock) of the earliest live timer, or {@code Long.MAX_VALUE}.
   * Cancelled timers at the head are dropped here.
   */
  long nextDue() {
    LoopTimer t;
    while ((t = queue.peek()) != null && t.isCancelled()) {
      queue.poll();
      release();
    }
    return t == null ? Long.MAX_VALUE : t.dueNanos;
  }

  /** Loop thread: removes and returns the earliest live timer due at {@code now}, or null. */
  LoopTimer pollDue(long now) {
    LoopTimer t;
    while ((t = queue.peek()) != null && t.dueNanos - now <= 0) {
      queue.poll();
      release();
      if (!t.isCancelled()) {
        return t;
      }
    }
    return null;
  }
}
