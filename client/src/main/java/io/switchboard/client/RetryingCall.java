package io.switchboard.client;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One logical call: attempts over the targets, one at a time, until one answers, {@link Retry}
 * says stop, or the deadline leaves no room for another attempt. Every attempt carries the same
 * gRPC deadline, so retries never extend the caller's time, and sends the same request message,
 * so the request id made for the logical call ({@link RequestIds}) is the one every retry carries:
 * a node that already applied it answers with the recorded reply.
 *
 * <p>Threads: the first attempt starts on the caller's thread; later ones start on a gRPC
 * callback thread (no wait) or the client's timer thread (after a backoff). Attempts never
 * overlap: the next starts only after the previous one ended, so {@link #failures} is touched by
 * one thread at a time, handed over through the executors' happens-before edges. Cancelling
 * {@link #result} cancels the attempt in flight and a pending retry.
 */
final class RetryingCall<Q, R, T> {
  private final Targets targets;
  private final Retry retry;
  private final ScheduledExecutorService timer;
  private final MethodDescriptor<Q, R> method;
  private final Q request;
  private final Function<? super R, ? extends T> reply;
  private final Deadline deadline;
  private final List<SwitchboardException> failures = new ArrayList<>();
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile @Nullable ClientCall<Q, R> inFlight;
  private volatile @Nullable ScheduledFuture<?> pendingRetry;

  RetryingCall(Targets targets, Retry retry, ScheduledExecutorService timer,
      MethodDescriptor<Q, R> method, Q request, Function<? super R, ? extends T> reply,
      Deadline deadline) {
    this.targets = targets;
    this.retry = retry;
    this.timer = timer;
    this.method = method;
    this.request = request;
    this.reply = reply;
    this.deadline = deadline;
    result.whenComplete((value, error) -> {
      if (result.isCancelled()) {
        cancelInFlight();
      }
    });
  }

  /** Starts the first attempt on the next target in round-robin order; returns the outcome. */
  CompletableFuture<T> start() {
    attempt(1, targets.first());
    return result;
  }

  private void attempt(int number, int target) {
    if (result.isDone()) {
      return;
    }
    ClientCall<Q, R> call = targets.channel(target)
        .newCall(method, CallOptions.DEFAULT.withDeadline(deadline));
    inFlight = call;
    ClientCalls.asyncUnaryCall(call, request, new StreamObserver<R>() {
      private R value;

      @Override
      public void onNext(R r) {
        value = r;
      }

      @Override
      public void onError(Throwable t) {
        failed(number, target, SwitchboardException.of(Status.fromThrowable(t), t));
      }

      @Override
      public void onCompleted() {
        succeeded(value);
      }
    });
    if (result.isCancelled()) {
      cancelInFlight(); // cancelled between the check above and inFlight's assignment
    }
  }

  private void succeeded(R value) {
    try {
      result.complete(reply.apply(value));
    } catch (RuntimeException e) { // the codec's decode: the caller's problem, handed back as is
      result.completeExceptionally(e);
    }
  }

  private void failed(int number, int target, SwitchboardException e) {
    if (!retry.retries(e.code(), number)) {
      finish(e);
      return;
    }
    long delay = retry.delayNanos(number, targets.size(), ThreadLocalRandom.current().nextDouble());
    if (deadline.timeRemaining(TimeUnit.NANOSECONDS) <= delay) {
      finish(e); // the next attempt could not start in time: UNAVAILABLE is the truer answer
      return;
    }
    failures.add(e);
    int next = targets.next(target);
    if (delay == 0) {
      attempt(number + 1, next);
      return;
    }
    try {
      pendingRetry = timer.schedule(() -> attempt(number + 1, next), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      finish(e);
    }
  }

  private void finish(SwitchboardException last) {
    failures.forEach(last::addSuppressed);
    result.completeExceptionally(last);
  }

  private void cancelInFlight() {
    ScheduledFuture<?> pending = pendingRetry;
    if (pending != null) {
      pending.cancel(false);
    }
    ClientCall<Q, R> call = inFlight;
    if (call != null) {
      call.cancel("cancelled by the caller", null);
    }
  }
}
