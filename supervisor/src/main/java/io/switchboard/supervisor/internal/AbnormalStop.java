package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.ExitReason;

/**
 * The cause in the crash report of a server that stopped itself with an abnormal reason that
 * carries no throwable ({@code killed}, {@code noconnection}, …). A value, thrown by nobody, so it
 * has no stack trace.
 */
final class AbnormalStop extends Exception {
  AbnormalStop(ExitReason reason) {
    super("stopped with reason " + reason, null, false, false);
  }

  @Override
  public String toString() {
    return getMessage();
  }
}
