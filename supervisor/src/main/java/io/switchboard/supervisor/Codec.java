package io.switchboard.supervisor;

/**
 * Turns wire bytes into a server's inputs and its outputs into bytes.
 *
 * <p>{@link #decode} runs on the caller's thread, before anything is queued, so bad bytes cost
 * the loop nothing; it must throw {@link DecodeException} for input it cannot read. A decode
 * failure is an error returned to the caller ({@link Reply.InvalidInput}), never a crash.
 */
public interface Codec<I, O> {

  /** Decodes one input; throws {@link DecodeException} with a message a caller can act on. */
  I decode(byte[] bytes) throws DecodeException;

  /** Encodes one output. */
  byte[] encode(O output);

  /** A codec that refuses every byte input: for servers only called in-process. */
  static <I, O> Codec<I, O> none() {
    return new Codec<>() {
      @Override
      public I decode(byte[] bytes) throws DecodeException {
        throw new DecodeException("this server takes no wire input (it declares no codec)");
      }

      @Override
      public byte[] encode(O output) {
        throw new IllegalStateException("this server declares no codec");
      }
    };
  }
}
