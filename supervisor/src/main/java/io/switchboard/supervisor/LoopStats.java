package io.switchboard.supervisor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one event loop, for metrics and the watchdog. Written by the loop thread (and by
 * senders for overloads); readable from any thread, values may lag slightly.
 *
 * <p>The per-step fields are written with opaque stores (plain moves on x86: no fence on the hot
 * path) and the step start time is the loop clock read once per batch of events, so a watchdog
 * sees a step as at least as old as it is, never younger.
 */
public final class LoopStats {
  private static final VarHandle STEPS;
  private static final VarHandle STARTED;
  private static final VarHandle CURRENT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STEPS = l.findVarHandle(LoopStats.class, "steps", long.class);
      STARTED = l.findVarHandle(LoopStats.class, "stepStartedAt", long.class);
      CURRENT = l.findVarHandle(LoopStats.class, "current", String.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final LongAdder crashes = new LongAdder();
  final LongAdder restarts = new LongAdder();
  final LongAdder overloads = new LongAdder();
  final LongAdder castsRefused = new LongAdder();
  private long steps;
  private long stepStartedAt;
  private String current;

  /** Loop thread: a step of {@code server} begins; {@code batchStart} is on the loop clock. */
  void beginStep(String server, long batchStart) {
    CURRENT.setOpaque(this, server);
    STARTED.setOpaque(this, batchStart == 0 ? 1 : batchStart);
    STEPS.setOpaque(this, steps + 1);
  }

  /** Loop thread: the step ended. */
  void endStep() {
    STARTED.setOpaque(this, 0L);
  }

  /** Steps the loop has run. */
  public long steps() {
    return (long) STEPS.getOpaque(this);
  }

  /** Crashes in {@code init} or {@code step}. */
  public long crashes() {
    return crashes.sum();
  }

  /** Successful restarts ({@code init} re-run in place). */
  public long restarts() {
    return restarts.sum();
  }

  /** Sends refused because the inbox was full. */
  public long overloads() {
    return overloads.sum();
  }

  /** Casts and timers that found their server gone or not running. */
  public long castsRefused() {
    return castsRefused.sum();
  }

  /**
   * Loop-clock nanos at (or shortly before) the start of the current step, or 0 when the loop is
   * between steps.
   */
  public long stepStartedAt() {
    return (long) STARTED.getOpaque(this);
  }

  /** Name of the server in the current step (meaningful while {@link #stepStartedAt} != 0). */
  public String currentServer() {
    return (String) CURRENT.getOpaque(this);
  }
}
