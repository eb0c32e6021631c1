package io.switchboard.supervisor.statem;

import java.time.Duration;

/**
 * How a {@link Machine} sets and cancels its timers: loop timers when hosted, a virtual clock in
 * {@link StatemRun}. When a timer is due, its owner must call {@link Machine#fire} with the same
 * key, token and content.
 */
interface TimerPort {

  /** Starts a timer; returns a handle for {@link #cancel}. */
  Object arm(Machine<?, ?, ?, ?> owner, EventType key, long token, Duration after, Object content);

  /** Cancels a timer; it must never fire afterwards. */
  void cancel(Object handle);
}
