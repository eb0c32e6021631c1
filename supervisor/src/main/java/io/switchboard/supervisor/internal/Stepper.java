package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.Step;
import io.switchboard.supervisor.Stepped;

/**
 * Runs one step of one server: the hot path. The server remembers the input (for a crash
 * report), steps, keeps its new state, and the caller gets the output (encoded for a byte call).
 * A step that asks to stop, or throws, exits the server through {@link Lifecycle}; a stop with an
 * abnormal reason is reported like a crash (OTP's crash report). The caller's reply is always the
 * last effect, so a caller holding it sees the exit handled. Loop thread only.
 */
final class Stepper {
  private final LoopCounters counters;
  private final Lifecycle lifecycle;
  private final LoopExceptionHandler exceptions;

  Stepper(LoopCounters counters, Lifecycle lifecycle, LoopExceptionHandler exceptions) {
    this.counters = counters;
    this.lifecycle = lifecycle;
    this.exceptions = exceptions;
  }

  /**
   * Steps {@code input} on {@code cell}; {@code reply} is null for a cast or a timer. A state
   * that fails to encode ({@link Envelope#STEPPED}) counts as a crash of the step.
   * {@code batchStart} is the loop clock at the start of the batch (for the watchdog).
   */
  void step(ServerCell cell, Object input, Promise<Object> reply, byte mode, long batchStart) {
    if (cell.status != ServerStatus.RUNNING) {
      refuse(cell, reply);
      return;
    }
    cell.remember(input);
    counters.beginStep(cell.name, batchStart);
    Step<Object, Object> st;
    Object out;
    try {
      st = cell.server.step(input, cell.state);
      cell.state = st.state();
      out = mode == Envelope.OBJECT ? st.output() : cell.server.codec().encode(st.output());
      if (mode == Envelope.STEPPED && st.stop() == null) {
        // encoded here, before anything else can step this server: the state this output saw
        out = new Stepped((byte[]) out, cell.server.stateCodec().encode(cell.state));
      } else if (mode == Envelope.STEPPED) {
        out = new Stepped((byte[]) out, null);
      }
    } catch (Throwable t) {
      counters.endStep();
      crash(cell, t, reply);
      return;
    }
    counters.endStep();
    ExitReason stop = st.stop();
    if (stop != null) {
      // OTP: a gen_server stopping with a reason other than normal, shutdown or {shutdown,_}
      // leaves an error report and a crash report; a normal stop leaves none
      CrashReport report = stop.isNormal() ? null : exceptions.handleAbnormalStop(cell, stop);
      lifecycle.terminate(cell, stop);
      lifecycle.exit(cell, stop, report);
    }
    if (reply != null) {
      reply.complete(Reply.ok(out));
    }
  }

  /** A cast or timer for a server that is gone: counted, nothing else. */
  void refuseCast() {
    counters.castsRefused.increment();
  }

  private void refuse(ServerCell cell, Promise<Object> reply) {
    if (reply == null) {
      refuseCast();
      return;
    }
    reply.complete(switch (cell.status) {
      case STOPPED -> new Reply.NotFound<>(cell.name);
      case STARTING -> new Reply.Unavailable<>("server '" + cell.name + "' is starting");
      default -> new Reply.Unavailable<>("server '" + cell.name + "' is restarting");
    });
  }

  private void crash(ServerCell cell, Throwable t, Promise<Object> reply) {
    CrashReport report = exceptions.handleStepException(cell, t);
    ExitReason reason = ExitReason.crash(t);
    lifecycle.terminate(cell, reason);
    lifecycle.exit(cell, reason, report);
    if (reply != null) {
      reply.complete(new Reply.Crashed<>(cell.name, String.valueOf(t)));
    }
  }
}
