package io.switchboard.supervisor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one event loop, written by its engine (the loop thread, and senders for
 * overloads) and read through the public {@code LoopStats} view from any thread; values may lag
 * slightly.
 *
 * <p>The per-step fields are written with opaque stores (plain moves on x86: no fence on the hot
 * path) and the step start time is the loop clock read once per batch of events, so a watchdog
 * sees a step as at least as old as it is, never younger.
 */
public final class LoopCounters {
  private static final VarHandle STEPS;
  private static final VarHandle STARTED;
  private static final VarHandle CURRENT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STEPS = l.findVarHandle(LoopCounters.class, "steps", long.class);
      STARTED = l.findVarHandle(LoopCounters.class, "stepStartedAt", long.class);
      CURRENT = l.findVarHandle(LoopCounters.class, "current", String.class);
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

  LoopCounters() {}

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

  /** Steps run so far. Any thread. */
  public long steps() {
    return (long) STEPS.getOpaque(this);
  }

  /** Crashes in {@code init} or {@code step}, and abnormal stops. Any thread. */
  public long crashes() {
    return crashes.sum();
  }

  /** Restarts in place that succeeded. Any thread. */
  public long restarts() {
    return restarts.sum();
  }

  /** Sends refused because the inbox was full. Any thread. */
  public long overloads() {
    return overloads.sum();
  }

  /** Casts and timers that found their server gone or not running. Any thread. */
  public long castsRefused() {
    return castsRefused.sum();
  }

  /** Loop-clock nanos at (or before) the start of the current step; 0 between steps. Any thread. */
  public long stepStartedAt() {
    return (long) STARTED.getOpaque(this);
  }

  /** The server in the current step. Any thread. */
  public String currentServer() {
    return (String) CURRENT.getOpaque(this);
  }
}
