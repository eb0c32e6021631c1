package io.switchboard.client;

/**
 * Turns a call's input into the bytes a server's codec reads, and the bytes of its reply back
 * into an output: the client's half of a server's {@code Codec} (which lives in the supervisor
 * library, a dependency this module does not take).
 *
 * <p>Both methods run on the thread that completes the call: {@link #encode} on the caller's
 * thread before anything is sent, {@link #decode} on a gRPC thread (or the caller's, for a
 * blocking call) once the reply arrived. A codec must therefore be thread-safe; stateless ones
 * are. An exception either method throws reaches the caller unchanged (it is not a
 * {@link SwitchboardException}: nothing went wrong on the wire).
 *
 * @param <I> what the caller sends
 * @param <O> what the caller gets back
 */
public interface ClientCodec<I, O> {

  /** The bytes of one input, as the server's codec expects them. */
  byte[] encode(I input);

  /** One output from the bytes of a reply. */
  O decode(byte[] reply);

  /**
   * UTF-8 text both ways: the demo's protocol ({@code increment} → {@code ack}, {@code read} →
   * {@code 3}). Malformed reply bytes decode to U+FFFD rather than fail, as the CLI prints them.
   */
  static ClientCodec<String, String> utf8() {
    return Utf8Codec.INSTANCE;
  }
}
