package io.switchboard.supervisor;

import java.util.ArrayList;
import java.util.List;

/**
 * The last crash reports of a supervision tree, kept in memory for the node's {@code tree} view,
 * and logged: one SLF4J line per crash at error level on logger {@code io.switchboard.crash}
 * ({@link CrashReport#summary()}: supervisor path, child id, reason, last inputs; the stack trace
 * attached).
 *
 * <p>Bounded: a ring of the last {@link #DEFAULT_CAPACITY} (100) reports; logging goes through a
 * bounded queue (1 024 lines) written by one background thread, so a crash costs the loop thread
 * a ring slot and a queue offer. A full queue drops the line and counts it
 * ({@link #droppedLogLines()}); the report stays in the ring. Thread-safe; {@link #record} never
 * blocks for long (a short lock around the ring).
 */
public final class CrashReports {
  /** Reports kept by default. */
  public static final int DEFAULT_CAPACITY = 100;

  private final CrashReport[] ring;
  private final CrashLogWriter writer;
  private long count;

  /** Keeps the last 100 reports and logs every crash. */
  public CrashReports() {
    this(DEFAULT_CAPACITY);
  }

  /** Keeps the last {@code capacity} (1..100 000) reports and logs every crash. */
  public CrashReports(int capacity) {
    if (capacity < 1 || capacity > 100_000) {
      throw new IllegalArgumentException("crash ring capacity is 1..100000, got " + capacity);
    }
    this.ring = new CrashReport[capacity];
    this.writer = CrashLogWriter.SHARED;
  }

  /** Keeps {@code report} (evicting the oldest when full) and queues its log line. Any thread. */
  public void record(CrashReport report) {
    synchronized (ring) {
      ring[(int) (count++ % ring.length)] = report;
    }
    writer.offer(report);
  }

  /** The kept reports, oldest first. Any thread. */
  public List<CrashReport> recent() {
    synchronized (ring) {
      int n = (int) Math.min(count, ring.length);
      List<CrashReport> out = new ArrayList<>(n);
      for (long i = count - n; i < count; i++) {
        out.add(ring[(int) (i % ring.length)]);
      }
      return out;
    }
  }

  /** Reports recorded since creation (including evicted ones). */
  public long recorded() {
    synchronized (ring) {
      return count;
    }
  }

  /** How many reports the ring keeps. */
  public int capacity() {
    return ring.length;
  }

  /** Crash log lines dropped because the log queue was full (JVM-wide). */
  public long droppedLogLines() {
    return writer.dropped();
  }
}
