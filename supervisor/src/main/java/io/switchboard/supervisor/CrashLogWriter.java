package io.switchboard.supervisor;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes crash reports off the hot path: a bounded queue drained by one daemon thread. Formatting
 * a stack trace costs tens of microseconds, so a loop thread only enqueues (no wake-up either: the
 * writer polls every {@code pollNanos} when idle, so a crash never pays for a thread hand-off).
 * When the queue is full the line is dropped and counted; the writer logs the count once it
 * catches up. Thread-safe.
 */
final class CrashLogWriter {
  private static final Logger log = LoggerFactory.getLogger(CrashLogWriter.class);

  /** One writer per JVM: 1 024 pending lines, polled every 10 ms when idle. */
  static final CrashLogWriter SHARED = new CrashLogWriter(1024, 10_000_000L);

  private final ConcurrentLinkedQueue<CrashReport> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final int capacity;
  private final long pollNanos;
  private volatile Thread thread;
  private long droppedReported;

  CrashLogWriter(int capacity, long pollNanos) {
    this.capacity = capacity;
    this.pollNanos = pollNanos;
  }

  /** Queues {@code report} for logging; false (and counted) if the queue is full. */
  boolean offer(CrashReport report) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      dropped.increment();
      return false;
    }
    queue.add(report);
    if (thread == null) {
      startOnce();
    }
    return true;
  }

  /** Lines dropped because the queue was full. */
  long dropped() {
    return dropped.sum();
  }

  private synchronized void startOnce() {
    if (thread == null) {
      Thread t = new Thread(this::run, "switchboard-crash-log");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  private void run() {
    while (true) {
      CrashReport r = queue.poll();
      if (r == null) {
        reportDropped();
        LockSupport.parkNanos(this, pollNanos);
        continue;
      }
      size.decrementAndGet();
      try {
        CrashLog.log(r);
      } catch (RuntimeException e) {
        log.warn("event=crash_log_failed error=\"{}\"", e.toString());
      }
    }
  }

  private void reportDropped() {
    long now = dropped.sum();
    if (now != droppedReported) {
      log.warn("event=crash_log_dropped lines={} total={}", now - droppedReported, now);
      droppedReported = now;
    }
  }
}
