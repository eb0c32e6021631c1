package io.switchboard.supervisor;

/**
 * The outcome of a {@code call} or {@code cast}: a value, or an operating error as a value.
 *
 * <p>Operating errors (overload, timeouts, crashes, unknown names) are expected in a live system,
 * so they are returned, not thrown; the node maps each to one gRPC status at the edge:
 * {@link NotFound} → NOT_FOUND, {@link InvalidInput} → INVALID_ARGUMENT, {@link Overloaded} →
 * RESOURCE_EXHAUSTED, {@link Crashed} → ABORTED, {@link Timeout} → DEADLINE_EXCEEDED,
 * {@link Unavailable} → UNAVAILABLE, {@link AlreadyStarted} → ALREADY_EXISTS.
 *
 * <p>Each failure names its {@link Code}, so a table over failures is an exhaustive
 * {@code switch} that stops compiling when a kind is added.
 */
public sealed interface Reply<O> {

  /** True for {@link Ok}. */
  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value of an {@link Ok}; throws {@link ReplyException} for any error. */
  default O orThrow() {
    if (this instanceof Ok<O> ok) {
      return ok.value();
    }
    throw new ReplyException((Failure<?>) this);
  }

  /** A successful reply. For a cast the value is {@code null}. */
  record Ok<O>(O value) implements Reply<O> {}

  /** The kinds of failure, one per {@link Failure} record. */
  enum Code { NOT_FOUND, INVALID_INPUT, OVERLOADED, CRASHED, TIMEOUT, UNAVAILABLE, ALREADY_STARTED }

  /** Any error reply. */
  sealed interface Failure<O> extends Reply<O> {
    /** A one-line description for logs and status messages. */
    String message();

    /** Which kind of failure this is. */
    Code code();

    /** Re-types an error for a different value type (errors carry no value). */
    @SuppressWarnings("unchecked")
    default <T> Reply<T> retype() {
      return (Reply<T>) this;
    }
  }

  /** No server with this name (or no template for it). */
  record NotFound<O>(String name) implements Failure<O> {
    @Override
    public Code code() {
      return Code.NOT_FOUND;
    }

    @Override
    public String message() {
      return "no server named '" + name + "'";
    }
  }

  /** The input could not be decoded, or the request was malformed. */
  record InvalidInput<O>(String message) implements Failure<O> {
    @Override
    public Code code() {
      return Code.INVALID_INPUT;
    }
  }

  /** The inbox was full (or another bound was hit); nothing was queued. */
  record Overloaded<O>(String message) implements Failure<O> {
    @Override
    public Code code() {
      return Code.OVERLOADED;
    }
  }

  /** The server crashed while stepping this input (or in {@code init}). */
  record Crashed<O>(String server, String reason) implements Failure<O> {
    @Override
    public Code code() {
      return Code.CRASHED;
    }

    @Override
    public String message() {
      return "server '" + server + "' crashed: " + reason;
    }
  }

  /** The deadline passed before the reply arrived; a late reply is dropped. */
  record Timeout<O>(String message) implements Failure<O> {
    @Override
    public Code code() {
      return Code.TIMEOUT;
    }
  }

  /** The server cannot serve now (restarting, loop stopped, node not ready, no quorum). */
  record Unavailable<O>(String message) implements Failure<O> {
    @Override
    public Code code() {
      return Code.UNAVAILABLE;
    }
  }

  /**
   * A start found the name taken (OTP {@code {error, {already_started, Pid}}}): a server of that
   * name is registered, running or held for its supervisor. Not a malformed request: callers that
   * only need the name to run (activate on demand, {@code ensureChild}) treat it as success.
   */
  record AlreadyStarted<O>(String name) implements Failure<O> {
    @Override
    public String message() {
      return "a server named '" + name + "' is already started";
    }

    @Override
    public Code code() {
      return Code.ALREADY_STARTED;
    }
  }

  static <O> Reply<O> ok(O value) {
    return new Ok<>(value);
  }
}
