package io.switchboard.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * The generic server behaviour: a plain sequential state machine, exactly the seed's shape.
 *
 * <pre>
 *   init()                → state
 *   step(input, state)    → (state', output)
 *   terminate(reason, state)
 * </pre>
 *
 * <p>A server never blocks, owns no thread and knows nothing of concurrency: an {@link EventLoop}
 * steps it one input at a time, and {@link Run#run} steps it over a list in unit tests. Any of the
 * three functions may throw; the loop catches it, reports it to the server's supervisor (a crash)
 * and keeps serving every other server.
 *
 * <p>Differences from OTP {@code gen_server}: there is one entry point ({@code step}) instead of
 * {@code handle_call}/{@code handle_cast}/{@code handle_info}; a cast is a step whose output is
 * discarded, a timer ({@link EventLoop#sendAfter}) is a step fed later. A server that answers a
 * call later (OTP {@code {noreply, State}} + {@code gen_server:reply/2}) overrides {@link
 * #stepCall}, which gives it the call's {@link From}. {@code terminate} receives
 * the exit reason, as in OTP.
 *
 * @param <I> input type
 * @param <S> state type (treat as immutable or owned by the server; only the loop thread touches it)
 * @param <O> output type
 */
public interface GenServer<I, S, O> {

  /** Returns the initial state. Runs on the loop thread; re-run on every restart. */
  S init() throws Exception;

  /** Steps one input: returns the next state and the output for the caller. */
  Step<S, O> step(I input, S state) throws Exception;

  /**
   * Steps one <em>call</em> with its reply target (OTP {@code handle_call(Request, From,
   * State)}). The default is {@link #step}, answered with its output. Override it to answer
   * later: keep {@code from} in the state, return {@link Step#noReply}, and call {@link
   * From#reply} in a later step (another input, a timer). Casts and timers never come here.
   */
  default Step<S, O> stepCall(I input, From from, S state) throws Exception {
    return step(input, state);
  }

  /** Called once when the server stops for any reason it can still run code for. */
  default void terminate(ExitReason reason, S state) throws Exception {}

  /**
   * The codec that turns wire bytes into inputs and outputs into bytes. Servers that are only
   * called in-process may keep the default, which refuses bytes with a clear error.
   */
  default Codec<I, O> codec() {
    return Codec.none();
  }

  /**
   * The codec for this server's state, or {@code null} (the default) when the state cannot move:
   * then a server whose name moves to another node restarts there from {@code init}.
   */
  default @Nullable StateCodec<S> stateCodec() {
    return null;
  }

  /** A short kind name used in metrics and logs (e.g. {@code counter}); defaults to the class. */
  default String kind() {
    return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }
}
