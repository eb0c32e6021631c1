package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.ExitReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A state machine for tests: states and events are strings, the data is unused, and a test gives
 * the event handler as a lambda. Everything it sees is appended to {@link #log}: {@code
 * "state:type:event"} for events, {@code "enter:old>new"} for enter calls.
 */
final class Lab implements GenStatem<String, Integer, String, String> {

  /** The test's event handler. */
  interface Handler {
    Transition<String, Integer, String, String> handle(EventType type, String event, String state);
  }

  /** The test's enter call. */
  interface Enter {
    Transition<String, Integer, String, String> enter(String old, String state);
  }

  /** Thread-safe: hosted tests read it while the loop writes it. */
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<ExitReason> terminated = new CopyOnWriteArrayList<>();
  private final String first;
  private final Handler handler;
  private final Enter enter;

  Lab(String first, Handler handler) {
    this(first, handler, (o, s) -> Transition.keepStateAndData());
  }

  Lab(String first, Handler handler, Enter enter) {
    this.first = first;
    this.handler = handler;
    this.enter = enter;
  }

  static String name(EventType type) {
    if (type instanceof EventType.GenericTimeout g) {
      return "timeout(" + g.name() + ")";
    }
    return type.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Transition<String, Integer, String, String> init() {
    return Transition.nextState(first, 0);
  }

  @Override
  public Transition<String, Integer, String, String> handleEvent(
      EventType type, String event, String state, Integer data) {
    log.add(state + ":" + name(type) + ":" + event);
    return handler.handle(type, event, state);
  }

  @Override
  public Transition<String, Integer, String, String> enter(String old, String state, Integer d) {
    log.add("enter:" + old + ">" + state);
    return enter.enter(old, state);
  }

  @Override
  public void terminate(ExitReason reason, String state, Integer data) {
    terminated.add(reason);
  }
}
