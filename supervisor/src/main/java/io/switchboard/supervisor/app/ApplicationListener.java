package io.switchboard.supervisor.app;

import io.switchboard.supervisor.ExitReason;

/**
 * Observes {@link Applications}: the node logs these and turns {@link #nodeMustStop} into its
 * exit with a non-zero status. Called while the applications are locked: quick, never blocking,
 * never calling back into {@link Applications}. Every method has a no-op default.
 */
public interface ApplicationListener {

  ApplicationListener NONE = new ApplicationListener() {};

  /** {@code app}'s tree started. */
  default void started(String app, StartType type) {}

  /**
   * {@code app} stopped: on request ({@code shutdown}), or on its own because its tree gave up
   * ({@code shutdown} as well, as in OTP; {@code onItsOwn} tells them apart).
   */
  default void stopped(String app, StartType type, ExitReason reason, boolean onItsOwn) {}

  /**
   * {@code app} (permanent, or transient with a reason other than {@code normal}) stopped on its
   * own: every other application has been stopped, in reverse start order. The node must now
   * exit with a non-zero status (OTP: the runtime system terminates).
   */
  default void nodeMustStop(String app, ExitReason reason) {}
}
