package io.switchboard.supervisor;

/** Thrown by {@link Reply#orThrow()} for an error reply; carries the reply. */
public final class ReplyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Reply.Failure<?> failure;

  public ReplyException(Reply.Failure<?> failure) {
    super(failure.getClass().getSimpleName() + ": " + failure.message());
    this.failure = failure;
  }

  public Reply.Failure<?> failure() {
    return failure;
  }
}
