package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The generic state machine behaviour (OTP {@code gen_statem}, {@code handle_event_function}
 * mode with state enter calls): a pure step
 *
 * <pre>
 *   init()                                   → Transition (first state, data, actions)
 *   handleEvent(type, event, state, data)    → Transition (next state, data, actions)
 *   enter(oldState, state, data)             → Transition (keep or repeat; after every change)
 *   terminate(reason, state, data)
 * </pre>
 *
 * <p>The functions never block and own no thread. The runtime ({@link Machine}) applies the
 * transitions: replies, postponed events, next events, the three kinds of timeouts, sends. The
 * same runtime runs purely in {@link StatemRun} (virtual clock, for tests) and on an event loop
 * through {@link #server}, which adapts a state machine to a {@link GenServer}: timeouts become
 * loop timers ({@code sendAfter} on the loop's clock), a throw is a server crash that the
 * server's supervisor sees, exactly as for a {@code GenServer}.
 *
 * <p>Differences from OTP: there is one callback mode; the enter call is a separate method
 * (default: do nothing) and always on; {@code hibernate} and {@code {next_event, call/cast}}
 * do not exist. A call that arrives through {@code ServerHost.call} is answered with the reply
 * made while handling it, or else with {@link #pendingReply}: an event loop completes a call when
 * the step returns, so replies deferred past that step only reach callers who used
 * {@link #call}/{@link #callAsync} (which carry their own reply target).
 *
 * @param <S> state type (compared with {@code equals} to detect a state change)
 * @param <D> data type
 * @param <E> event type
 * @param <O> reply type
 */
public interface GenStatem<S, D, E, O> {

  /** The first state, data and actions ({@code nextState}, or {@code stop} to refuse to start). */
  Transition<S, D, E, O> init() throws Exception;

  /** Handles one event in {@code state}. */
  Transition<S, D, E, O> handleEvent(EventType type, E event, S state, D data) throws Exception;

  /**
   * The state enter call: after {@code init} (with {@code oldState == state}), after every state
   * change and after {@code repeatState}. It may keep or repeat the state, change data, set
   * timeouts, reply, send or stop; it may not postpone, insert events or change state.
   */
  default Transition<S, D, E, O> enter(S oldState, S state, D data) throws Exception {
    return Transition.keepStateAndData();
  }

  /** Called once when the machine stops for any reason it can still run code for. */
  default void terminate(ExitReason reason, S state, D data) throws Exception {}

  /**
   * The reply for a {@code ServerHost.call} that the machine did not answer while handling it
   * (it postponed the event or will reply later). Default {@code null}.
   */
  default @Nullable O pendingReply(E event, S state, D data) {
    return null;
  }

  /** Turns wire bytes into events and replies into bytes (default: no wire input). */
  default Codec<E, O> codec() {
    return Codec.none();
  }

  /** A short kind for metrics and logs. */
  default String kind() {
    return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Adapts {@code statem} to a server to be started as {@code name} on {@code host}; its
   * {@link Action#send}s are cast on {@code host}. Each server needs its own adapter.
   */
  static <S, D, E, O> GenServer<Object, ?, O> server(
      GenStatem<S, D, E, O> statem, ServerHost host, String name) {
    return new StatemServer<>(statem, host, name, host::cast, Machine.DEFAULT_LIMITS);
  }

  /** {@link #server} with sends going to {@code outbox}. */
  static <S, D, E, O> GenServer<Object, ?, O> server(
      GenStatem<S, D, E, O> statem, ServerHost host, String name, Outbox outbox) {
    return new StatemServer<>(statem, host, name, outbox, Machine.DEFAULT_LIMITS);
  }

  /**
   * Sends {@code event} as a {@link EventType.Call} whose reply may come in any later step
   * (OTP {@code gen_statem:call}). Never blocks. The promise completes with the reply, or with
   * an error if the event could not be queued or the machine stopped while holding it postponed;
   * a caller must bound its own wait ({@link Promise#await}).
   */
  static <O> Promise<O> callAsync(ServerHost host, String name, Object event) {
    Promise<Object> p = new Promise<>();
    Reply<Void> queued = host.cast(name, new StatemMessage.CallMsg(event, p));
    if (queued instanceof Reply.Failure<Void> f) {
      p.complete(f.retype());
    }
    @SuppressWarnings("unchecked")
    Promise<O> typed = (Promise<O>) (Promise<?>) p;
    return typed;
  }

  /** {@link #callAsync} and wait up to {@code timeout}. Blocks; never on a loop thread. */
  static <O> Reply<O> call(ServerHost host, String name, Object event, Duration timeout) {
    return GenStatem.<O>callAsync(host, name, event)
        .await(Deadline.after(timeout), IdleStrategy.DEFAULT);
  }

  /** Sends {@code event} as a {@link EventType.Cast} (OTP {@code gen_statem:cast}). */
  static Reply<Void> cast(ServerHost host, String name, Object event) {
    return host.cast(name, new StatemMessage.CastMsg(event));
  }
}
