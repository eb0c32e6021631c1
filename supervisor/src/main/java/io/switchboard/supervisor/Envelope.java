package io.switchboard.supervisor;

/**
 * One slot of a loop's inbox ring. Mutable and reused (the Disruptor pattern): a producer fills it
 * between claim and publish, the loop reads it and clears the references.
 */
final class Envelope {
  static final byte CALL = 1;
  static final byte CAST = 2;
  static final byte START = 3;
  static final byte STOP = 4;
  static final byte TASK = 5;
  static final byte TIMER = 6;
  static final byte RESTART = 7;
  static final byte HALT = 8;
  static final byte HANDOFF = 9;

  byte kind;
  /** For calls: encode the output to bytes with the server's codec. */
  boolean wire;
  ServerCell cell;
  Object input;
  Promise<Object> promise;
  /** For calls: the caller's {@link Deadline}, flattened (no object per call). */
  io.switchboard.supervisor.time.Clock deadlineClock;
  long deadlineNanos;
  Object extra;

  void clear() {
    cell = null;
    input = null;
    promise = null;
    deadlineClock = null;
    extra = null;
  }
}
