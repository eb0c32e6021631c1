package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.ExitReason;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one event does to a state machine (OTP's transition results): the next state and data,
 * and {@link Action}s.
 *
 * <ul>
 *   <li>{@link Kind#NEXT_STATE}: OTP {@code next_state}; if the state differs ({@code equals})
 *       from the current one, state timeouts are cancelled, postponed events are retried and
 *       the state enter call runs.
 *   <li>{@link Kind#KEEP_STATE}: OTP {@code keep_state}; no state change.
 *   <li>{@link Kind#REPEAT_STATE}: OTP {@code repeat_state}; like keep, but the state enter call
 *       runs again.
 *   <li>{@link Kind#STOP}: OTP {@code stop} / {@code stop_and_reply}; only {@link Action.ReplyTo}
 *       actions are allowed, they run before {@code terminate}.
 * </ul>
 *
 * @param keepData true to leave the data as it is ({@code data} is then ignored)
 */
public record Transition<S, D, E, O>(
    Kind kind,
    @Nullable S state,
    @Nullable D data,
    boolean keepData,
    List<Action<E, O>> actions,
    @Nullable ExitReason reason) {

  /** The four transition kinds. */
  public enum Kind {
    NEXT_STATE,
    KEEP_STATE,
    REPEAT_STATE,
    STOP
  }

  public Transition {
    Objects.requireNonNull(kind, "kind");
    actions = List.copyOf(actions);
    if (kind == Kind.STOP) {
      Objects.requireNonNull(reason, "a stop needs a reason");
      for (Action<E, O> a : actions) {
        if (!(a instanceof Action.ReplyTo)) {
          throw new IllegalArgumentException("a stop takes only reply actions, got " + a);
        }
      }
    }
  }

  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into a List
  public static <S, D, E, O> Transition<S, D, E, O> nextState(
      S state, D data, Action<E, O>... actions) {
    return new Transition<>(Kind.NEXT_STATE, state, data, false, copy(actions), null);
  }

  public static <S, D, E, O> Transition<S, D, E, O> nextState(
      S state, D data, List<Action<E, O>> actions) {
    return new Transition<>(Kind.NEXT_STATE, state, data, false, actions, null);
  }

  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into a List
  public static <S, D, E, O> Transition<S, D, E, O> keepState(D data, Action<E, O>... actions) {
    return new Transition<>(Kind.KEEP_STATE, null, data, false, copy(actions), null);
  }

  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into a List
  public static <S, D, E, O> Transition<S, D, E, O> keepStateAndData(Action<E, O>... actions) {
    return new Transition<>(Kind.KEEP_STATE, null, null, true, copy(actions), null);
  }

  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into a List
  public static <S, D, E, O> Transition<S, D, E, O> repeatState(D data, Action<E, O>... actions) {
    return new Transition<>(Kind.REPEAT_STATE, null, data, false, copy(actions), null);
  }

  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into a List
  public static <S, D, E, O> Transition<S, D, E, O> repeatStateAndData(Action<E, O>... actions) {
    return new Transition<>(Kind.REPEAT_STATE, null, null, true, copy(actions), null);
  }

  /** Stop with {@code reason} after the given replies; data kept for {@code terminate}. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into a List
  public static <S, D, E, O> Transition<S, D, E, O> stop(
      ExitReason reason, Action<E, O>... replies) {
    return new Transition<>(Kind.STOP, null, null, true, copy(replies), reason);
  }

  /** Stop with {@code reason} and new data (seen by {@code terminate}) after the replies. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only copied into a List
  public static <S, D, E, O> Transition<S, D, E, O> stop(
      ExitReason reason, D data, Action<E, O>... replies) {
    return new Transition<>(Kind.STOP, null, data, false, copy(replies), reason);
  }

  private static <E, O> List<Action<E, O>> copy(Action<E, O>[] actions) {
    List<Action<E, O>> out = new java.util.ArrayList<>(actions.length);
    for (Action<E, O> a : actions) {
      out.add(a);
    }
    return out;
  }
}
