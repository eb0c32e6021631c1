package io.switchboard.supervisor;

/**
 * Turns a server's state into bytes and back, so the state can move with the server when its
 * name changes owner in a cluster (hand-over). Servers without one restart from {@code init}.
 */
public interface StateCodec<S> {

  byte[] encode(S state);

  /** Decodes a handed-over state; throws {@link DecodeException} for bytes it cannot read. */
  S decode(byte[] bytes) throws DecodeException;
}
