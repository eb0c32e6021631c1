package io.switchboard.examples.telephony;

/**
 * Everything a {@link Line} handles: what its user does ({@link Input}), what other lines tell it
 * ({@link Signal}), and its own timeout.
 */
public sealed interface LineEvent {

  /** What the user of a line does; arrives as UTF-8 text through {@link LineCodec}. */
  sealed interface Input extends LineEvent {}

  /** Lifts the handset. */
  record OffHook() implements Input {
    @Override
    public String toString() {
      return "off_hook";
    }
  }

  /** Dials another line. */
  record Dial(String line) implements Input {
    @Override
    public String toString() {
      return "dial " + line;
    }
  }

  /** Answers a ringing line. */
  record Answer() implements Input {
    @Override
    public String toString() {
      return "answer";
    }
  }

  /** Hangs up. */
  record OnHook() implements Input {
    @Override
    public String toString() {
      return "on_hook";
    }
  }

  /** Asks for the line's state. */
  record State() implements Input {
    @Override
    public String toString() {
      return "state";
    }
  }

  /** A message between two lines about one call. */
  sealed interface Signal extends LineEvent {
    CallRef call();
  }

  /** Caller → callee: ring if you are idle. */
  record Seize(CallRef call) implements Signal {}

  /** Callee → caller: I am ringing for this call. */
  record Ringing(CallRef call) implements Signal {}

  /** Callee → caller: I am not idle. */
  record Busy(CallRef call) implements Signal {}

  /** Callee → caller: answered, we are connected. */
  record Answered(CallRef call) implements Signal {}

  /** Callee → caller: nobody answered in time. */
  record NoAnswer(CallRef call) implements Signal {}

  /** Either side → the other: I left this call (hung up, gave up, or never wanted it). */
  record Release(CallRef call) implements Signal {}

  /** Internal: the callee could not be reached (no such server, inbox full). */
  record Unreachable(CallRef call) implements Signal {}

  /** The content of the line's state timeouts (dialling, ringing). */
  record Timeout() implements LineEvent {}

  Input OFF_HOOK = new OffHook();
  Input ANSWER = new Answer();
  Input ON_HOOK = new OnHook();
  Input STATE = new State();
  LineEvent TIMEOUT = new Timeout();
}
