package io.switchboard.node.metrics;

import io.switchboard.supervisor.Reply;
import java.util.Locale;

/** How a call ended, the {@code outcome} label of {@code switchboard_calls_total}. */
public enum Outcome {
  OK,
  NOT_FOUND,
  INVALID_INPUT,
  OVERLOADED,
  CRASHED,
  TIMEOUT,
  UNAVAILABLE,
  /** A start found the name taken (OTP {@code already_started}). */
  ALREADY_STARTED,
  /** The client cancelled the call before the reply. */
  CANCELLED;

  /** The label value, lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome of a reply: an exhaustive switch, so a new kind of failure must be named. */
  public static Outcome of(Reply<?> reply) {
    if (!(reply instanceof Reply.Failure<?> f)) {
      return OK;
    }
    return switch (f.code()) {
      case NOT_FOUND -> NOT_FOUND;
      case INVALID_INPUT -> INVALID_INPUT;
      case OVERLOADED -> OVERLOADED;
      case CRASHED -> CRASHED;
      case TIMEOUT -> TIMEOUT;
      case UNAVAILABLE -> UNAVAILABLE;
      case ALREADY_STARTED -> ALREADY_STARTED;
    };
  }
}
