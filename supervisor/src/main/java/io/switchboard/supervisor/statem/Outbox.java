package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.Reply;

/**
 * Where a hosted state machine's {@link Action#send} messages go. The default casts to a server
 * on the same {@code ServerHost}; an application may route some names elsewhere (an event
 * manager, servers it starts on demand).
 *
 * <p>Called on the sending state machine's loop thread: it must not block. Thread-safe.
 */
@FunctionalInterface
public interface Outbox {

  /** Delivers {@code message} to {@code to} without waiting: {@code Ok} once queued. */
  Reply<Void> send(String to, Object message);
}
