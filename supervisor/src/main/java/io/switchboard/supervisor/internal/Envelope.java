package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.time.Clock;

/**
 * One slot of a loop's inbox ring. Mutable and reused (the Disruptor pattern): a producer fills it
 * between claim and publish with one of the {@code fill} methods (named per kind of event, so no
 * call site passes a row of positional fields and no object is made per event), the loop reads it
 * and clears the references.
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
  static final byte KILL = 10;

  byte kind;
  /** Calls: return the output as is. */
  static final byte OBJECT = 0;
  /** Calls: encode the output to bytes with the server's codec. */
  static final byte WIRE = 1;
  /** Calls: as WIRE, plus the state after the step encoded by its state codec ({@code Stepped}). */
  static final byte STEPPED = 2;

  /** For calls: {@link #OBJECT}, {@link #WIRE} or {@link #STEPPED}. */
  byte mode;
  ServerCell cell;
  Object input;
  Promise<Object> promise;
  /** For calls: the caller's {@code Deadline}, flattened (no object per call). */
  Clock deadlineClock;
  long deadlineNanos;
  /** STOP, HANDOFF, KILL: the exit reason; TASK: the Runnable; TIMER: the LoopTimer. */
  Object extra;

  void fillCall(ServerCell cell, Object input, Promise<Object> reply, Clock deadlineClock,
      long deadlineNanos, byte mode) {
    this.kind = CALL;
    this.cell = cell;
    this.input = input;
    this.promise = reply;
    this.deadlineClock = deadlineClock;
    this.deadlineNanos = deadlineNanos;
    this.mode = mode;
  }

  void fillCast(ServerCell cell, Object input) {
    this.kind = CAST;
    this.cell = cell;
    this.input = input;
  }

  /** START, STOP, RESTART, HANDOFF, KILL (with a server), TASK, TIMER, HALT (without). */
  void fillControl(byte kind, ServerCell cell, Promise<Object> reply, Object extra) {
    this.kind = kind;
    this.cell = cell;
    this.promise = reply;
    this.extra = extra;
  }

  void clear() {
    cell = null;
    input = null;
    promise = null;
    deadlineClock = null;
    extra = null;
  }
}
