package io.switchboard.supervisor;

import java.util.Objects;
import java.util.function.Function;

/**
 * Where the reply to one call goes (OTP's {@code From} in {@code handle_call(Request, From,
 * State)}): a value a server may keep in its state and answer later, from another input or a
 * timer — OTP's {@code {noreply, State}} followed by {@code gen_server:reply(From, Reply)}.
 *
 * <p>A {@link GenServer} gets one in {@link GenServer#stepCall}, returns {@link Step#noReply} and
 * calls {@link #reply} in a later step; a {@code GenStatem} replies with {@code Action.reply}. The
 * caller waits within its own deadline: the first reply wins, a reply after the deadline (or a
 * second one) is dropped and {@link #reply} says so. For a caller on the wire (a byte call,
 * through the node or from another node), the reply is encoded by the server's codec when it is
 * made; a reply the codec refuses fails the call ({@code Crashed}) and not the server that
 * replied.
 *
 * <p>Opaque and thread-safe: any server may reply (OTP allows any process to), on any loop.
 * Replies made by a server that stops before answering never come: its callers time out. A
 * REPLICATED cluster name must answer in the step (its reply is committed with that step's
 * state), so such a server that defers crashes.
 */
public final class From {
  private final Promise<Object> promise;
  private final Function<Object, Object> encode;

  private From(Promise<Object> promise, Function<Object, Object> encode) {
    this.promise = Objects.requireNonNull(promise, "promise");
    this.encode = encode;
  }

  /** A reply target completing {@code promise} with the reply itself (in-process callers). */
  public static From of(Promise<Object> promise) {
    return new From(promise, Function.identity());
  }

  /**
   * A reply target completing {@code promise} with {@code encode(reply)} (an event loop makes
   * these for byte calls, with the server's codec).
   */
  public static From encoding(Promise<Object> promise, Function<Object, Object> encode) {
    return new From(promise, Objects.requireNonNull(encode, "encode"));
  }

  /**
   * Answers the call with {@code value}; false if it was already answered, failed or timed out
   * (the reply is then dropped).
   */
  public boolean reply(Object value) {
    if (promise.isDone()) {
      return false;
    }
    Object encoded;
    try {
      encoded = encode.apply(value);
    } catch (RuntimeException e) {
      return promise.complete(new Reply.Crashed<>("reply", "the reply could not be encoded: " + e));
    }
    return promise.complete(Reply.ok(encoded));
  }

  /** Fails the call with {@code failure} (the server stopped before answering); false if done. */
  public boolean fail(Reply.Failure<?> failure) {
    return promise.complete(failure.retype());
  }

  /** True once a reply (or a failure, or the caller's timeout) completed this call. */
  public boolean answered() {
    return promise.isDone();
  }

  @Override
  public String toString() {
    return "from@" + Integer.toHexString(System.identityHashCode(this));
  }
}
