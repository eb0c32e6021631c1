package io.switchboard.supervisor.time;

/**
 * The source of time for loops, timers, deadlines and supervisors, injected so tests control it
 * (Caffeine's {@code Ticker}, grpc-java's {@code FakeClock}).
 */
public interface Clock {

  /** Monotonic nanoseconds; only differences are meaningful. */
  long nanoTime();

  /**
   * Called by an event loop that waits for its next timer: a real clock needs nothing; a manual
   * clock remembers the waker and runs it when time is advanced, so the loop re-checks timers.
   */
  default void onAdvance(Runnable waker) {}

  /** The system's monotonic clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
