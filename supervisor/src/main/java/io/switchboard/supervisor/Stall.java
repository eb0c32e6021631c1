package io.switchboard.supervisor;

import java.time.Duration;

/**
 * A step that ran longer than the {@link Watchdog}'s limit.
 *
 * @param loop the event loop that is stuck in the step
 * @param server the server being stepped
 * @param runningFor how long the step had run when the watchdog saw it (on the loop's clock)
 */
public record Stall(String loop, String server, Duration runningFor) {

  /** One line, key=value. */
  @Override
  public String toString() {
    return "stall loop=" + loop + " server=" + server + " running_ms=" + runningFor.toMillis();
  }
}
