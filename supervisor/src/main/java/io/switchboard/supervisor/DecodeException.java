package io.switchboard.supervisor;

/** Thrown by {@link Codec#decode} for bytes that are not a valid input. */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  public DecodeException(String message) {
    super(message);
  }
}
