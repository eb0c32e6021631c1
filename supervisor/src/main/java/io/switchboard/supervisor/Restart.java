package io.switchboard.supervisor;

import java.util.Locale;

/** When a child that exited is restarted (OTP's restart types). The default is PERMANENT. */
public enum Restart {
  /** Always restarted, whatever the exit reason. */
  PERMANENT,
  /**
   * Restarted only after an abnormal exit: not after {@code normal}, {@code shutdown} or
   * {@code {shutdown, term}} ({@link ExitReason#isNormal()}).
   */
  TRANSIENT,
  /** Never restarted; forgotten by its supervisor once it exits or is terminated. */
  TEMPORARY;

  /** True if a child of this type is restarted after exiting with {@code reason}. Pure. */
  public boolean restartsAfter(ExitReason reason) {
    return switch (this) {
      case PERMANENT -> true;
      case TRANSIENT -> !reason.isNormal();
      case TEMPORARY -> false;
    };
  }

  /** The OTP spelling, e.g. {@code permanent}. */
  public String otpName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
