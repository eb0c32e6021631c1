package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.time.Clock;

/**
 * The loop's exception handler: fatal errors are rethrown, crashes (and stops with an abnormal
 * reason) are counted and reported with the server's last inputs, everything else is one log line with the server and the error. A
 * crash itself is not logged here: its report goes to the supervisor (or, unsupervised, to the
 * loop's crash handler, which logs it), so each crash is logged once.
 */
final class LoggingExceptionHandler implements LoopExceptionHandler {
  private final String loop;
  private final Clock clock;
  private final LoopCounters counters;

  LoggingExceptionHandler(String loop, Clock clock, LoopCounters counters) {
    this.loop = loop;
    this.clock = clock;
    this.counters = counters;
  }

  @Override
  public CrashReport handleStepException(ServerCell cell, Throwable t) {
    Fatal.rethrowIfFatal(t);
    counters.crashes.increment();
    return new CrashReport(cell.name, cell.server.kind(), loop, "", "step", t,
        cell.lastInputs(), clock.nanoTime());
  }

  @Override
  public CrashReport handleAbnormalStop(ServerCell cell, ExitReason reason) {
    counters.crashes.increment();
    Throwable cause = reason instanceof ExitReason.Crash c ? c.cause() : new AbnormalStop(reason);
    return new CrashReport(cell.name, cell.server.kind(), loop, "", "step", cause,
        cell.lastInputs(), clock.nanoTime());
  }

  @Override
  public Reply<Object> handleInitException(ServerCell cell, Throwable t) {
    Fatal.rethrowIfFatal(t);
    counters.crashes.increment();
    return new Reply.Crashed<>(cell.name, "init failed: " + t);
  }

  @Override
  public void handleTerminateException(ServerCell cell, ExitReason reason, Throwable t) {
    Fatal.rethrowIfFatal(t);
    LoopEngine.LOG.warn("event=terminate_failed loop={} server={} reason=\"{}\" error=\"{}\"",
        loop, cell.name, reason, t.toString(), t);
  }

  @Override
  public void handleExitListenerException(ServerCell cell, Throwable t) {
    Fatal.rethrowIfFatal(t);
    LoopEngine.LOG.error("event=exit_listener_failed loop={} server={} error=\"{}\"",
        loop, cell.name, t.toString(), t);
  }

  @Override
  public void handleStateEncodeException(ServerCell cell, Throwable t) {
    Fatal.rethrowIfFatal(t);
    LoopEngine.LOG.warn("event=state_encode_failed loop={} server={} error=\"{}\"", loop, cell.name,
        t.toString(), t);
  }

  @Override
  public void handleTaskException(Throwable t) {
    Fatal.rethrowIfFatal(t);
    LoopEngine.LOG.error("event=task_failed loop={} error=\"{}\"", loop, t.toString(), t);
  }
}
