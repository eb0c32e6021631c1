package io.switchboard.supervisor;

import java.util.Locale;

/** Where a child (or a supervisor) is in its life, as its supervisor sees it. */
public enum ChildStatus {
  /** Its {@code init} (or, for a supervisor, the start of its children) is under way. */
  STARTING,
  /** Running. */
  RUNNING,
  /**
   * Waiting to be restarted: backing off, or retrying after a failed restart (OTP's
   * {@code restarting}). For a supervisor: a restart of several children is under way.
   */
  RESTARTING,
  /** Being stopped (its {@code terminate} runs). */
  STOPPING,
  /** Not running; its spec is kept (OTP's {@code undefined} pid). */
  STOPPED;

  /** Lower case, for logs and renderings. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
