package io.switchboard.supervisor.internal;

/**
 * Why a child failed to start, as the host reported it (the host gives a message, not the
 * original exception). Carries no stack trace: it is a value, thrown by nobody.
 */
final class StartFailure extends Exception {
  StartFailure(String message) {
    super(message, null, false, false);
  }

  @Override
  public String toString() {
    return "failed_to_start: " + getMessage();
  }
}
