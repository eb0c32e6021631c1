package io.switchboard.examples.telephony;

/**
 * What the {@code events} manager hears about calls. Each is sent once per call, by one side:
 * {@link Attempt} and {@link Busy} by the caller, {@link Setup} and {@link NoAnswer} by the
 * callee, {@link Teardown} by the side that hangs up.
 */
public sealed interface CallEvent {
  CallRef call();

  /** A line dialled another. */
  record Attempt(CallRef call) implements CallEvent {}

  /** The callee was busy. */
  record Busy(CallRef call) implements CallEvent {}

  /** Call setup: the callee answered; both lines are connected. */
  record Setup(CallRef call) implements CallEvent {}

  /** The callee rang out unanswered. */
  record NoAnswer(CallRef call) implements CallEvent {}

  /** Call teardown: {@code by} hung up a connected call. */
  record Teardown(CallRef call, String by) implements CallEvent {}
}
