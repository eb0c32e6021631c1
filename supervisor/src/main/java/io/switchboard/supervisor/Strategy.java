package io.switchboard.supervisor;

import java.util.Locale;

/**
 * What a supervisor restarts when a child that must be restarted exits (OTP's restart strategies).
 */
public enum Strategy {
  /** Restart only the child that exited. */
  ONE_FOR_ONE,
  /**
   * Stop every other child (right to left), then start all of them again (left to right). As in
   * OTP, children that were not running (terminated, or transient children that finished) are
   * started too; temporary children are stopped and dropped.
   */
  ONE_FOR_ALL,
  /**
   * Stop the children started after the one that exited (right to left), then start it and them
   * again (left to right). Temporary children among them are stopped and dropped.
   */
  REST_FOR_ONE,
  /**
   * Like {@link #ONE_FOR_ONE}, but every child is started at run time from one template
   * {@link ChildSpec} with an argument (its name); a child that is not restarted is forgotten.
   */
  SIMPLE_ONE_FOR_ONE;

  /** The OTP spelling, e.g. {@code one_for_one}. */
  public String otpName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
