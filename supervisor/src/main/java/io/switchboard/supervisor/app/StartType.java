package io.switchboard.supervisor.app;

import io.switchboard.supervisor.ExitReason;
import java.util.Locale;

/**
 * What an application's stopping on its own means for the node (OTP's start types). Stopping an
 * application on request ({@link Applications#stop}) never stops the node.
 */
public enum StartType {
  /** Its end ends the node: the other applications are stopped and the node exits non-zero. */
  PERMANENT,
  /**
   * Its end ends the node unless the reason is {@code normal}. As in OTP, a tree that gave up
   * exits with {@code shutdown}, which is not {@code normal}: that ends the node too.
   */
  TRANSIENT,
  /** Its end is reported; nothing else stops. */
  TEMPORARY;

  /** True if an application of this type ending with {@code reason} must stop the node. Pure. */
  public boolean stopsNodeAfter(ExitReason reason) {
    return switch (this) {
      case PERMANENT -> true;
      case TRANSIENT -> !(reason instanceof ExitReason.Normal);
      case TEMPORARY -> false;
    };
  }

  /** The OTP spelling, e.g. {@code permanent}. */
  public String otpName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
