package io.switchboard.supervisor.event;

import io.switchboard.supervisor.ExitReason;

/**
 * One handler of a {@link GenEvent} manager (OTP {@code gen_event} callback module): a sequential
 * fold over the manager's events.
 *
 * <pre>
 *   init()                                    → state       (on the thread calling addHandler)
 *   handleEvent(event, state, endOfBatch)     → state'      (on the handler's own thread)
 *   terminate(reason, state)                              (on the handler's own thread)
 * </pre>
 *
 * <p>{@code endOfBatch} is the Disruptor's: true on the last event currently available to this
 * handler, the moment to flush buffered work (a log write, a metrics push). The event object is
 * the one the publisher passed, shared by every handler without copying: treat it as read-only.
 *
 * <p>A handler that throws is removed (OTP semantics): {@code terminate} runs with
 * {@link ExitReason.Crash}, the manager reports it, and a supervised handler's owner is told.
 */
public interface GenEventHandler<E, S> {

  /** The initial state. A throw refuses the handler ({@code addHandler} returns Crashed). */
  S init() throws Exception;

  /** Handles one event; returns the next state. */
  S handleEvent(E event, S state, boolean endOfBatch) throws Exception;

  /** Called once when the handler is removed for any reason it can still run code for. */
  default void terminate(ExitReason reason, S state) throws Exception {}

  /** A handler body without state. */
  @FunctionalInterface
  interface Sink<E> {
    void accept(E event, boolean endOfBatch) throws Exception;
  }

  /** A stateless handler that passes each event to {@code sink}. */
  static <E> GenEventHandler<E, Void> of(Sink<E> sink) {
    return new GenEventHandler<>() {
      @Override
      public Void init() {
        return null;
      }

      @Override
      public Void handleEvent(E event, Void state, boolean endOfBatch) throws Exception {
        sink.accept(event, endOfBatch);
        return null;
      }
    };
  }
}
