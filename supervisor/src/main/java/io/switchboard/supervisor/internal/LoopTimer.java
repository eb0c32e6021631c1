package io.switchboard.supervisor.internal;

/**
 * A loop timer as the loop keeps it: when it is due on the loop's clock, then either an input to
 * step on a server ({@code sendAfter}) or an action to run. The public {@code Timer} is a handle
 * on one of these. Cancelling is a flag the loop checks when the timer is due; a cancelled timer
 * never fires.
 */
public final class LoopTimer implements Comparable<LoopTimer> {
  final long dueNanos;
  /** Set by the loop when it queues the timer: FIFO among equal deadlines. */
  long seq;
  final String target;
  final Object input;
  final Runnable action;
  private volatile boolean cancelled;

  LoopTimer(long dueNanos, String target, Object input, Runnable action) {
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

  /** True once cancelled. Any thread. */
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public int compareTo(LoopTimer o) {
    int c = Long.compare(dueNanos, o.dueNanos);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
