package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Reply;

/**
 * What a loop does when user code throws (the Disruptor's {@code ExceptionHandler}): the engines
 * catch once, at the boundary of each callback, and hand the throwable here; the handler records
 * and logs, and returns what the engine needs to carry on. The mechanics that follow (terminate,
 * exit, the caller's reply) stay in the engines, so a handler cannot leave a server half-crashed.
 *
 * <p>Every method runs on the loop thread, must not block, and must rethrow a fatal error
 * ({@link Fatal#rethrowIfFatal}); anything else it throws ends the loop thread.
 * {@link LoggingExceptionHandler} is the one implementation.
 */
interface LoopExceptionHandler {

  /** {@code step} threw: the server crashes. Returns the report for its supervisor. */
  CrashReport handleStepException(ServerCell cell, Throwable t);

  /**
   * A step asked to stop with an abnormal reason (not {@code normal}, {@code shutdown} or
   * {@code {shutdown,_}}): nothing was thrown, but OTP reports it as a crash. Returns the report
   * for its supervisor (or the loop's crash handler).
   */
  CrashReport handleAbnormalStop(ServerCell cell, ExitReason reason);

  /** {@code init} threw, on start or restart in place. Returns the starter's reply. */
  Reply<Object> handleInitException(ServerCell cell, Throwable t);

  /** {@code terminate} threw: logged; the server exits anyway. */
  void handleTerminateException(ServerCell cell, ExitReason reason, Throwable t);

  /** The server's {@code ExitListener} (its supervisor) threw while told of an exit. */
  void handleExitListenerException(ServerCell cell, Throwable t);

  /** Encoding the state for a hand-off threw: the server moves without its state. */
  void handleStateEncodeException(ServerCell cell, Throwable t);

  /** A task ({@code execute}, {@code schedule}) threw. */
  void handleTaskException(Throwable t);
}
