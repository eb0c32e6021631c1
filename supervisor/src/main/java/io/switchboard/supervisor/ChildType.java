package io.switchboard.supervisor;

import java.util.Locale;

/** What a child is: a server on an event loop, or a supervisor of its own children. */
public enum ChildType {
  WORKER,
  SUPERVISOR;

  /** The OTP spelling, {@code worker} or {@code supervisor}. */
  public String otpName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
