package io.switchboard.supervisor;

/**
 * Observes a supervision tree: for metrics ({@code switchboard_restarts_total{supervisor}}), the
 * node's logs, and tests. Every method has a no-op default.
 *
 * <p>Called while the supervisor makes its decision, on whatever thread runs it (often a loop
 * thread): implementations must be quick, must not block and must not throw. Paths are the
 * supervisor's path ({@code root/sub}); children are ids.
 */
public interface SupervisorListener {

  /** No-op. */
  SupervisorListener NONE = new SupervisorListener() {};

  /** A child finished starting (first start, restart, or dynamic start). */
  default void childStarted(String supervisor, String child) {}

  /** A child is being restarted by its supervisor (once per child, also in a group restart). */
  default void childRestarting(String supervisor, String child) {}

  /** The supervisor handles a child's exit (exits it caused itself by stopping are not told). */
  default void childExited(String supervisor, String child, ExitReason reason) {}

  /**
   * A child failed to start: its start function threw, its {@code init} threw, or a child
   * supervisor failed to start (OTP's supervisor report with context {@code start_error}). Only an
   * {@code init} that threw is also a crash report.
   */
  default void startError(String supervisor, String child, ExitReason reason) {}

  /** The supervisor exceeded its restart intensity and gives up (escalation). */
  default void gaveUp(String supervisor) {}
}
