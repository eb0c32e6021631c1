package io.switchboard.supervisor.statem;

import java.time.Duration;
import java.util.HashMap;
import org.jspecify.annotations.Nullable;

/**
 * The armed timeouts of one {@link Machine}: at most one event timeout, one state timeout, and
 * one per name. Arming a key again cancels its timer first. Each arming gets a fresh token, so a
 * timer that fires after it was cancelled or re-armed (it raced, or belonged to an earlier
 * incarnation) is recognised as stale by {@link #take}. Not thread-safe (the machine's thread).
 */
final class Timeouts {
  private record Armed(long token, Object handle) {}

  private final Machine<?, ?, ?, ?> owner;
  private final TimerPort port;
  private final int maxGeneric;
  private Armed event;
  private Armed state;
  private HashMap<String, Armed> generic;
  private long tokens;

  Timeouts(Machine<?, ?, ?, ?> owner, TimerPort port, int maxGeneric) {
    this.owner = owner;
    this.port = port;
    this.maxGeneric = maxGeneric;
  }

  /** Starts (or restarts) the timeout {@code key}; it fires {@code content} after {@code after}. */
  void arm(EventType key, Duration after, Object content) {
    Armed old = get(key);
    if (old != null) {
      port.cancel(old.handle);
    } else if (key instanceof EventType.GenericTimeout && generic != null
        && generic.size() >= maxGeneric) {
      throw new IllegalStateException("more than " + maxGeneric + " named timeouts armed at once");
    }
    long token = ++tokens;
    put(key, new Armed(token, port.arm(owner, key, token, after, content)));
  }

  /** Cancels {@code key} if armed. */
  void cancel(EventType key) {
    Armed a = get(key);
    if (a != null) {
      port.cancel(a.handle);
      put(key, null);
    }
  }

  /** A timer fired: true (and disarmed) if it is the one armed for {@code key}, else stale. */
  boolean take(EventType key, long token) {
    Armed a = get(key);
    if (a == null || a.token != token) {
      return false;
    }
    put(key, null);
    return true;
  }

  /** The port's handle for {@code key}, or {@code null} if not armed. */
  @Nullable Object handle(EventType key) {
    Armed a = get(key);
    return a == null ? null : a.handle;
  }

  void cancelAll() {
    cancel(EventType.EVENT_TIMEOUT);
    cancel(EventType.STATE_TIMEOUT);
    if (generic != null) {
      for (Armed a : generic.values()) {
        port.cancel(a.handle);
      }
      generic = null;
    }
  }

  private Armed get(EventType key) {
    if (key instanceof EventType.EventTimeout) {
      return event;
    } else if (key instanceof EventType.StateTimeout) {
      return state;
    } else if (key instanceof EventType.GenericTimeout g) {
      return generic == null ? null : generic.get(g.name());
    }
    throw new IllegalArgumentException("not a timeout: " + key);
  }

  private void put(EventType key, Armed a) {
    if (key instanceof EventType.EventTimeout) {
      event = a;
    } else if (key instanceof EventType.StateTimeout) {
      state = a;
    } else if (key instanceof EventType.GenericTimeout g) {
      if (a != null) {
        if (generic == null) {
          generic = new HashMap<>(4);
        }
        generic.put(g.name(), a);
      } else if (generic != null) {
        generic.remove(g.name());
      }
    }
  }
}
