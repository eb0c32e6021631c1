package io.switchboard.supervisor;

import io.switchboard.supervisor.internal.LoopCounters;

/**
 * Counters of one event loop, for metrics and the watchdog: a read-only view of the loop
 * engine's counters. Readable from any thread; values may lag slightly. A step's start time is
 * read on the loop clock once per batch of events, so a step looks at least as old as it is.
 */
public final class LoopStats {
  private final LoopCounters counters;

  LoopStats(LoopCounters counters) {
    this.counters = counters;
  }

  /** Steps the loop has run. */
  public long steps() {
    return counters.steps();
  }

  /** Crashes in {@code init} or {@code step}, and stops with an abnormal reason (OTP crashes). */
  public long crashes() {
    return counters.crashes();
  }

  /** Successful restarts ({@code init} re-run in place). */
  public long restarts() {
    return counters.restarts();
  }

  /** Sends refused because the inbox was full. */
  public long overloads() {
    return counters.overloads();
  }

  /** Casts and timers that found their server gone or not running. */
  public long castsRefused() {
    return counters.castsRefused();
  }

  /**
   * Loop-clock nanos at (or shortly before) the start of the current step, or 0 when the loop is
   * between steps.
   */
  public long stepStartedAt() {
    return counters.stepStartedAt();
  }

  /** Name of the server in the current step (meaningful while {@link #stepStartedAt} != 0). */
  public String currentServer() {
    return counters.currentServer();
  }
}
