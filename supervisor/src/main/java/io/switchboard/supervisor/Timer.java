package io.switchboard.supervisor;

import io.switchboard.supervisor.internal.LoopTimer;

/**
 * A scheduled input ({@link EventLoop#sendAfter}) or action ({@link EventLoop#schedule}): a handle
 * on the loop's timer. Cancelling is a flag the loop checks when the timer is due; a cancelled
 * timer never steps its server. Thread-safe.
 */
public final class Timer implements Comparable<Timer> {
  private final LoopTimer timer;

  Timer(LoopTimer timer) {
    this.timer = timer;
  }

  /** Cancels the timer; returns false if it was already cancelled. Any thread. */
  public boolean cancel() {
    return timer.cancel();
  }

  public boolean isCancelled() {
    return timer.isCancelled();
  }

  /** Earlier due first; among equal due times, the one the loop queued first. */
  @Override
  public int compareTo(Timer o) {
    return timer.compareTo(o.timer);
  }
}
