package io.switchboard.node.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.node.metrics.Outcome;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes one unary gRPC call from a {@link Promise}, without ever blocking a gRPC thread.
 *
 * <ul>
 *   <li>The reply (or error, through {@link GrpcReplies}) is sent from the promise's callback,
 *       usually on the event loop that stepped the call.
 *   <li>The client's deadline is the call's deadline; without one the node applies OTP's 5 s
 *       default and completes the promise with {@code Timeout} when it passes, even if the loop
 *       never answers.
 *   <li>When the client cancels, or its deadline passes, the call's gRPC context is cancelled:
 *       the promise is completed at once ({@code Timeout} or {@code Unavailable}), so the late
 *       reply is dropped, the timer is cancelled and nothing stays behind.
 * </ul>
 *
 * <p>{@link #finish} must run on the gRPC thread that handles the call
 * (they read the current {@link Context} and register the cancellation handler).
 */
final class PendingCall {
  private static final Logger log = LoggerFactory.getLogger(PendingCall.class);

  private PendingCall() {}

  /**
   * Sends the promise's outcome on {@code observer} once it completes, then tells {@code done}
   * the outcome and the nanoseconds since {@code startNanos}. {@code done} runs exactly once.
   */
  static <T, R> void finish(
      Promise<T> promise,
      ServerCallStreamObserver<R> observer,
      Function<T, R> toReply,
      long startNanos,
      io.switchboard.supervisor.Deadline deadline,
      ScheduledExecutorService timers,
      BiConsumer<Outcome, Long> done) {
    Deadline clientDeadline = Context.current().getDeadline();
    AtomicBoolean cancelled = new AtomicBoolean();
    observer.setOnCancelHandler(() -> {
      boolean expired = clientDeadline != null && clientDeadline.isExpired();
      cancelled.set(!expired);
      promise.complete(expired
          ? new Reply.Timeout<>("the client's deadline passed")
          : new Reply.Unavailable<>("cancelled by the client"));
    });
    ScheduledFuture<?> timer = clientDeadline != null ? null : timers.schedule(
        () -> promise.complete(new Reply.Timeout<>("no reply within the default "
            + io.switchboard.supervisor.Deadline.DEFAULT_TIMEOUT.toSeconds()
            + " s call timeout")),
        deadline.remainingNanos(), TimeUnit.NANOSECONDS);
    promise.whenComplete(reply -> {
      if (timer != null) {
        timer.cancel(false);
      }
      Outcome outcome = cancelled.get() ? Outcome.CANCELLED : Outcome.of(reply);
      try {
        send(reply, observer, toReply);
      } finally {
        done.accept(outcome, System.nanoTime() - startNanos);
      }
    });
  }

  private static <T, R> void send(
      Reply<T> reply, ServerCallStreamObserver<R> observer, Function<T, R> toReply) {
    if (observer.isCancelled()) {
      return;
    }
    try {
      if (reply instanceof Reply.Ok<T> ok) {
        observer.onNext(toReply.apply(ok.value()));
        observer.onCompleted();
      } else {
        observer.onError(GrpcReplies.toStatus((Reply.Failure<?>) reply).asRuntimeException());
      }
    } catch (RuntimeException e) {
      // the call was closed under us (cancelled between the check and the send): nothing to do
      log.debug("event=reply_dropped reason=\"{}\"", e.toString());
    }
  }
}
