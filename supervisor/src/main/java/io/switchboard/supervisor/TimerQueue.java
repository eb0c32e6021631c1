package io.switchboard.supervisor;

import java.util.PriorityQueue;

/** The loop's timers in deadline order (FIFO for equal deadlines). Loop-thread only; bounded. */
final class TimerQueue {
  private final PriorityQueue<Timer> queue = new PriorityQueue<>();
  private final int capacity;

  TimerQueue(int capacity) {
    this.capacity = capacity;
  }

  boolean offer(Timer t) {
    if (queue.size() >= capacity) {
      return false;
    }
    queue.add(t);
    return true;
  }

  /**
   * Nanos of the earliest live timer, or {@code Long.MAX_VALUE}. Cancelled timers at the head are
   * dropped here; {@code onDropped} runs once for each (the loop's timer count).
   */
  long nextDue(Runnable onDropped) {
    Timer t;
    while ((t = queue.peek()) != null && t.isCancelled()) {
      queue.poll();
      onDropped.run();
    }
    return t == null ? Long.MAX_VALUE : t.dueNanos;
  }

  /** Removes and returns the earliest timer due at {@code now}, or null. */
  Timer pollDue(long now) {
    Timer t = queue.peek();
    if (t == null || t.dueNanos - now > 0) {
      return null;
    }
    return queue.poll();
  }
}
