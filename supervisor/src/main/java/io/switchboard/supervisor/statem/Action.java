package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.From;
import java.time.Duration;
import java.util.Objects;

/**
 * What a transition asks the runtime to do besides changing state and data (OTP's transition
 * actions). Actions run in list order after the state change, so a {@link StateTimeout} set by a
 * transition that changes state belongs to the new state.
 *
 * <p>Timeout semantics (as in OTP):
 *
 * <ul>
 *   <li>{@link EventTimeout}: fires unless <em>any</em> event arrives first; not started at all
 *       when events are already waiting (postponed events retried, {@link #nextEvent}s).
 *   <li>{@link StateTimeout}: fires unless the state changes first (a {@code repeatState} is no
 *       change); setting it again restarts it.
 *   <li>{@link GenericTimeout}: one timer per name, cancelled only by {@link #cancel} or by
 *       setting the same name again.
 * </ul>
 *
 * <p>Durations are 0..1 day: a longer wait is a bug (use a persisted schedule instead).
 *
 * @param <E> the state machine's event type (timeout and next-event contents)
 * @param <O> its reply type
 */
public sealed interface Action<E, O> {

  /** The longest timeout accepted. */
  Duration MAX_TIMEOUT = Duration.ofDays(1);

  /** OTP {@code {reply, From, Reply}}. */
  record ReplyTo<E, O>(From from, O value) implements Action<E, O> {
    public ReplyTo {
      Objects.requireNonNull(from, "from");
    }
  }

  /** OTP {@code postpone}: keep this event and retry it after the next state change. */
  record Postpone<E, O>() implements Action<E, O> {}

  /** OTP {@code {timeout, Time, Content}}. */
  record EventTimeout<E, O>(Duration after, E content) implements Action<E, O> {
    public EventTimeout {
      after = checked(after);
    }
  }

  /** OTP {@code {state_timeout, Time, Content}}. */
  record StateTimeout<E, O>(Duration after, E content) implements Action<E, O> {
    public StateTimeout {
      after = checked(after);
    }
  }

  /** OTP {@code {{timeout, Name}, Time, Content}}. */
  record GenericTimeout<E, O>(String name, Duration after, E content) implements Action<E, O> {
    public GenericTimeout {
      Objects.requireNonNull(name, "name");
      after = checked(after);
    }
  }

  /** OTP {@code {Timeout, cancel}}: {@code which} is one of the timeout {@link EventType}s. */
  record Cancel<E, O>(EventType which) implements Action<E, O> {
    public Cancel {
      if (which == null || !which.isTimeout()) {
        throw new IllegalArgumentException("cancel takes a timeout type, got " + which);
      }
    }
  }

  /** OTP {@code {next_event, internal, Content}}: handle {@code content} next, before anything. */
  record NextEvent<E, O>(E content) implements Action<E, O> {}

  /**
   * Sends {@code message} to the server called {@code to} through the host's {@link Outbox}
   * (a cast: fire and forget). This keeps the step pure: the runtime does the sending. If the
   * outbox refuses it (no such server, inbox full) and {@code ifUndeliverable} is not null, that
   * event is handled next as {@link EventType.Internal}.
   */
  record Send<E, O>(String to, Object message, E ifUndeliverable) implements Action<E, O> {
    public Send {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(message, "message");
    }
  }

  static <E, O> Action<E, O> reply(From from, O value) {
    return new ReplyTo<>(from, value);
  }

  static <E, O> Action<E, O> postpone() {
    return new Postpone<>();
  }

  static <E, O> Action<E, O> eventTimeout(Duration after, E content) {
    return new EventTimeout<>(after, content);
  }

  static <E, O> Action<E, O> stateTimeout(Duration after, E content) {
    return new StateTimeout<>(after, content);
  }

  static <E, O> Action<E, O> timeout(String name, Duration after, E content) {
    return new GenericTimeout<>(name, after, content);
  }

  /** Cancels a timeout: {@link EventType#EVENT_TIMEOUT}, {@link EventType#STATE_TIMEOUT}, or
   * {@link EventType#timeout(String)}. Cancelling a timeout that is not running does nothing. */
  static <E, O> Action<E, O> cancel(EventType which) {
    return new Cancel<>(which);
  }

  static <E, O> Action<E, O> nextEvent(E content) {
    return new NextEvent<>(content);
  }

  static <E, O> Action<E, O> send(String to, Object message) {
    return new Send<>(to, message, null);
  }

  static <E, O> Action<E, O> send(String to, Object message, E ifUndeliverable) {
    return new Send<>(to, message, ifUndeliverable);
  }

  private static Duration checked(Duration after) {
    Objects.requireNonNull(after, "after");
    if (after.isNegative() || after.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("a timeout is 0.." + MAX_TIMEOUT + ", got " + after);
    }
    return after;
  }
}
