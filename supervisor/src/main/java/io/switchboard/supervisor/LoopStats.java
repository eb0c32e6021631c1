package io.switchboard.supervisor;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one event loop, for metrics and the watchdog. Written by the loop thread (and by
 * senders for overloads); readable from any thread, values may lag slightly.
 */
public final class LoopStats {
  final LongAdder crashes = new LongAdder();
  final LongAdder restarts = new LongAdder();
  final LongAdder overloads = new LongAdder();
  final LongAdder castsRefused = new LongAdder();
  volatile long steps;
  /** Loop-clock nanos when the running step began, 0 when idle. */
  volatile long stepStartedAt;
  /** The server being stepped (valid while {@link #stepStartedAt} is non-zero). */
  volatile String current;

  /** Steps the loop has run. */
  public long steps() {
    return steps;
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

  /** Loop-clock nanos when the current step began, or 0 when the loop is between steps. */
  public long stepStartedAt() {
    return stepStartedAt;
  }

  /** Name of the server in the current step (meaningful while {@link #stepStartedAt} != 0). */
  public String currentServer() {
    return current;
  }
}
