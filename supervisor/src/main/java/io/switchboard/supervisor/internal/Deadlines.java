package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timers for a supervision tree on its injected {@link Clock}: shutdown timeouts, and backoff of
 * child supervisors. They cannot live on an event loop, because the loop they guard may be the one
 * that is stuck. One daemon thread per tree, started on the first timer; a {@code ManualClock}
 * wakes it when advanced. Actions run on that thread and must be quick (they hand over to the
 * supervisor). Bounded: past {@code capacity} pending timers an action runs at once (a timeout
 * fires early rather than being lost), and this is logged.
 */
final class Deadlines implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

  private final String name;
  private final Clock clock;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private Thread thread;
  private boolean closed;
  private long seq;

  Deadlines(String name, Clock clock, int capacity) {
    this.name = name;
    this.clock = clock;
    this.capacity = capacity;
  }

  /** A pending timer. */
  final class Entry implements Comparable<Entry> {
    final long due;
    final long order;
    final Runnable action;

    Entry(long due, long order, Runnable action) {
      this.due = due;
      this.order = order;
      this.action = action;
    }

    /** Cancels the timer; harmless if it already ran. */
    void cancel() {
      lock.lock();
      try {
        queue.remove(this);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(due - o.due, 0);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  /** Runs {@code action} on the timer thread after {@code delay} on the clock. Any thread. */
  Entry schedule(Duration delay, Runnable action) {
    Entry e;
    lock.lock();
    try {
      e = new Entry(clock.nanoTime() + Math.max(0, delay.toNanos()), seq++, action);
      if (closed) {
        return e; // the tree is gone: nothing waits for this any more
      }
      if (queue.size() < capacity) {
        queue.add(e);
        if (thread == null) {
          startThread();
        }
        changed.signal();
        return e;
      }
    } finally {
      lock.unlock();
    }
    log.warn("event=timers_full tree={} capacity={} note=\"timer fires at once\"", name, capacity);
    action.run();
    return e;
  }

  private void startThread() {
    clock.onAdvance(this::wake);
    thread = new Thread(this::run, "switchboard-sup-timer-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      Runnable due = next();
      if (due == null) {
        return;
      }
      try {
        due.run();
      } catch (RuntimeException e) {
        log.error("event=timer_failed tree={} error=\"{}\"", name, e.toString(), e);
      }
    }
  }

  /** Waits for the next due action; null once closed. */
  private Runnable next() {
    lock.lock();
    try {
      while (!closed) {
        Entry head = queue.peek();
        long wait = head == null ? TimeUnit.SECONDS.toNanos(1) : head.due - clock.nanoTime();
        if (head != null && wait <= 0) {
          queue.poll();
          return head.action;
        }
        try {
          changed.awaitNanos(wait);
        } catch (InterruptedException e) {
          return null;
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Stops the thread; pending timers never fire. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
