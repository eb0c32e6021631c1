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
  /** The client cancelled the call before the reply. */
  CANCELLED;

  /** The label value, lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome of a reply. */
  public static Outcome of(Reply<?> reply) {
    if (reply instanceof Reply.Ok) {
      return OK;
    } else if (reply instanceof Reply.NotFound) {
      return NOT_FOUND;
    } else if (reply instanceof Reply.InvalidInput) {
      return INVALID_INPUT;
    } else if (reply instanceof Reply.Overloaded) {
      return OVERLOADED;
    } else if (reply instanceof Reply.Crashed) {
      return CRASHED;
    } else if (reply instanceof Reply.Timeout) {
      return TIMEOUT;
    }
    return UNAVAILABLE;
  }
}
