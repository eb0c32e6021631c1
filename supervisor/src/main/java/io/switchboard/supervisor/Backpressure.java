package io.switchboard.supervisor;

/** What a sender does when the target's inbox is full. */
public enum Backpressure {
  /** Fail at once with {@link Reply.Overloaded} (the default). */
  FAIL,
  /** Wait for room until the call's deadline, then fail with {@link Reply.Overloaded}. */
  WAIT
}
