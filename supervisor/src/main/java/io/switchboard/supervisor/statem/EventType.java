package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.From;
import java.util.Objects;

/**
 * What kind of event a state machine is handling, in OTP {@code gen_statem}'s vocabulary.
 *
 * <ul>
 *   <li>{@link Call}: a request that expects a reply to {@link Call#from()}. Every input that
 *       reaches a hosted state machine through {@code ServerHost.call}, {@code cast} or
 *       {@code sendAfter} is a call (a cast's reply is discarded, as for a {@code GenServer}).
 *   <li>{@link Cast}: a request without a reply ({@link GenStatem#cast}).
 *   <li>{@link Internal}: inserted by {@link Action#nextEvent} or by an undeliverable
 *       {@link Action#send}.
 *   <li>{@link EventTimeout}, {@link StateTimeout}, {@link GenericTimeout}: a timeout fired;
 *       the event is the content given when it was set. These three also name the timeouts in
 *       {@link Action#cancel}.
 * </ul>
 */
public sealed interface EventType {

  /** A call: reply to {@code from} with {@link Action#reply}, now or later. */
  record Call(From from) implements EventType {
    public Call {
      Objects.requireNonNull(from, "from");
    }
  }

  /** A cast: no reply expected. */
  record Cast() implements EventType {}

  /** An event the machine inserted itself ({@link Action#nextEvent}). */
  record Internal() implements EventType {}

  /** OTP {@code timeout}: fired because no event arrived in time; any event cancels it. */
  record EventTimeout() implements EventType {}

  /** OTP {@code state_timeout}: fired because the state did not change in time. */
  record StateTimeout() implements EventType {}

  /** OTP {@code {timeout, Name}}: a named timer, cancelled only explicitly or by re-setting it. */
  record GenericTimeout(String name) implements EventType {
    public GenericTimeout {
      Objects.requireNonNull(name, "name");
    }
  }

  EventType CAST = new Cast();
  EventType INTERNAL = new Internal();
  EventType EVENT_TIMEOUT = new EventTimeout();
  EventType STATE_TIMEOUT = new StateTimeout();

  /** The generic timeout called {@code name}. */
  static EventType timeout(String name) {
    return new GenericTimeout(name);
  }

  /** True for the three timeout types. */
  default boolean isTimeout() {
    return this instanceof EventTimeout || this instanceof StateTimeout
        || this instanceof GenericTimeout;
  }
}
