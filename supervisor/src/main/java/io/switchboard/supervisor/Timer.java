package io.switchboard.supervisor;

/**
 * A scheduled input ({@link EventLoop#sendAfter}). Cancelling is a flag the loop checks when the
 * timer is due; a cancelled timer never steps its server.
 */
public final class Timer implements Comparable<Timer> {
  final long dueNanos;
  /** Set by the loop when it queues the timer: FIFO among equal deadlines. */
  long seq;
  final String target;
  final Object input;
  final Runnable action;
  private volatile boolean cancelled;

  Timer(long dueNanos, String target, Object input, Runnable action) {
    this.dueNanos = dueNanos;
    this.target = target;
    this.input = input;
    this.action = action;
  }

  /** Cancels the timer; returns false if it was already cancelled. Any thread. */
  public boolean cancel() {
    boolean was = cancelled;
    cancelled = true;
    return !was;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public int compareTo(Timer o) {
    int c = Long.compare(dueNanos, o.dueNanos);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
