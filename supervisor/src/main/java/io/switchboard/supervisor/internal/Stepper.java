package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.From;
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
      Promise<Object> inStep = mode == Envelope.STEPPED ? new Promise<>() : null;
      st = reply != null && cell.defers
          ? cell.server.stepCall(input, from(cell, inStep != null ? inStep : reply, mode),
              cell.state)
          : cell.server.step(input, cell.state);
      cell.state = st.state();
      if (st.deferred() && inStep != null) {
        // the answer must carry this step's state: only an answer made in the step will do
        if (!(inStep.peek() instanceof Reply.Ok<Object> answered)) {
          throw new IllegalStateException("'" + cell.name + "' deferred its reply, but a "
              + "REPLICATED server must answer in the step: its reply is committed with that "
              + "step's state");
        }
        st = new Step<>(st.state(), answered.value(), st.stop());
      }
      if (st.deferred()) {
        out = null; // answered through the From, later or never (the caller's deadline ends it)
      } else {
        out = mode == Envelope.OBJECT ? st.output() : cell.server.codec().encode(st.output());
        if (mode == Envelope.STEPPED) {
          // encoded here, before anything else can step this server: the state this output saw
          out = new Stepped((byte[]) out,
              st.stop() == null ? cell.server.stateCodec().encode(cell.state) : null);
        }
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
    if (reply != null && !st.deferred()) {
      reply.complete(Reply.ok(out));
    }
  }

  /**
   * The reply target of a call: the caller's promise, with the server's codec for a byte call. A
   * call whose answer must carry the step's state ({@link Envelope#STEPPED}) gets a promise of
   * its own, read after the step: an answer made in the step becomes the step's output.
   */
  private static From from(ServerCell cell, Promise<Object> reply, byte mode) {
    return mode == Envelope.WIRE
        ? From.encoding(reply, value -> cell.server.codec().encode(value))
        : From.of(reply);
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
