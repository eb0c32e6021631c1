package io.switchboard.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * A server that starts from a handed-over state instead of running {@code init}: how a name that
 * moved to another node continues where it stopped. The state is decoded with the server's
 * {@link GenServer#stateCodec()} in {@code init} (on the loop), so a bad state is an
 * {@code init} failure, reported like any other. Later restarts (after a crash) run the real
 * {@code init}.
 */
public final class Adopted<I, S, O> implements GenServer<I, S, O> {
  private final GenServer<I, S, O> server;
  private byte @Nullable [] state;

  private Adopted(GenServer<I, S, O> server, byte[] state) {
    this.server = server;
    this.state = state;
  }

  /**
   * {@code server} started from {@code state}; {@code server} itself when {@code state} is
   * {@code null} or the server has no state codec.
   */
  public static <I, S, O> GenServer<I, S, O> from(GenServer<I, S, O> server, byte @Nullable [] state) {
    if (state == null || server.stateCodec() == null) {
      return server;
    }
    return new Adopted<>(server, state);
  }

  @Override
  public S init() throws Exception {
    byte[] handed = state;
    if (handed == null) {
      return server.init();
    }
    state = null;
    return server.stateCodec().decode(handed);
  }

  @Override
  public Step<S, O> step(I input, S s) throws Exception {
    return server.step(input, s);
  }

  @Override
  public Step<S, O> stepCall(I input, From from, S s) throws Exception {
    return server.stepCall(input, from, s);
  }

  @Override
  public void terminate(ExitReason reason, S s) throws Exception {
    server.terminate(reason, s);
  }

  @Override
  public Codec<I, O> codec() {
    return server.codec();
  }

  @Override
  public @Nullable StateCodec<S> stateCodec() {
    return server.stateCodec();
  }

  @Override
  public String kind() {
    return server.kind();
  }
}
