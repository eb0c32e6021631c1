package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;

/**
 * Where the reply to one call goes (OTP's {@code From} in {@code {call, From}}). A state machine
 * replies with {@link Action#reply}, during the step that handles the call or later (store the
 * {@code From} in the data, or postpone the call): OTP's deferred reply.
 *
 * <p>The first reply wins; later replies to the same {@code From} are dropped. Opaque and
 * thread-safe; a state machine only keeps it and passes it to {@link Action#reply}.
 */
public final class From {
  private final Promise<Object> promise;

  From(Promise<Object> promise) {
    this.promise = promise;
  }

  /** Completes the caller's reply; returns false if it was already answered (or timed out). */
  boolean reply(Object value) {
    return promise.complete(Reply.ok(value));
  }

  /** Fails the caller's reply (the state machine stopped before answering). */
  void fail(Reply.Failure<Object> failure) {
    promise.complete(failure);
  }

  /** True once a reply (or a failure, or the caller's timeout) completed this call. */
  public boolean answered() {
    return promise.isDone();
  }

  Promise<Object> promise() {
    return promise;
  }

  @Override
  public String toString() {
    return "from@" + Integer.toHexString(System.identityHashCode(this));
  }
}
