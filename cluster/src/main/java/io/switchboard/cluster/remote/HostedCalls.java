package io.switchboard.cluster.remote;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.proto.v1.ChildCallReply;
import io.switchboard.proto.v1.ChildCallRequest;
import io.switchboard.proto.v1.StopChildReply;
import io.switchboard.proto.v1.StopChildRequest;
import io.switchboard.supervisor.Backpressure;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves {@code StopChild} and {@code ChildCall} for children hosted here: only the incarnation a
 * request names (link and start id) is reachable, so a late request never touches a newer
 * incarnation of the same name. Never blocks; replies complete on loop or ticker threads.
 */
final class HostedCalls {
  /** The longest a StopChild waits for {@code terminate} before answering {@code killed}. */
  private static final long MAX_STOP_WAIT_MILLIS = 600_000;
  /** The deadline of a call that came without one (OTP's default call timeout). */
  private static final Duration DEFAULT_TIMEOUT =
      io.switchboard.supervisor.Deadline.DEFAULT_TIMEOUT;

  private final RemoteContext ctx;
  private final ScheduledExecutorService timer;
  private final Hosting hosting;

  HostedCalls(RemoteContext ctx, ScheduledExecutorService timer, Hosting hosting) {
    this.ctx = ctx;
    this.timer = timer;
    this.hosting = hosting;
  }

  /**
   * Stops the named incarnation: {@code terminate(shutdown)}, or none for a brutal kill
   * ({@code shutdown_millis} 0). Answers {@code not_found} when it does not run here, and
   * {@code killed} when {@code terminate} outlives the requested wait.
   */
  void stop(StopChildRequest req, StreamObserver<StopChildReply> out) {
    if (!hosting.take(req.getChild(), req.getLink(), req.getStartId())) {
      out.onNext(StopChildReply.newBuilder().setReason("not_found").build());
      out.onCompleted();
      return;
    }
    long wait = Math.min(req.getShutdownMillis(), MAX_STOP_WAIT_MILLIS);
    ExitReason how = wait == 0 ? ExitReason.KILLED : ExitReason.SHUTDOWN;
    AtomicBoolean answered = new AtomicBoolean();
    ScheduledFuture<?>[] late = {null};
    java.util.function.Consumer<String> answer = reason -> {
      if (answered.compareAndSet(false, true)) {
        out.onNext(StopChildReply.newBuilder().setReason(reason).build());
        out.onCompleted();
      }
    };
    if (wait > 0) {
      late[0] = timer.schedule(() -> answer.accept("killed"), wait, TimeUnit.MILLISECONDS);
    }
    ctx.loops().stopAsync(req.getChild(), how).onComplete(r -> {
      answer.accept(how.toString());
      if (late[0] != null) {
        late[0].cancel(false);
      }
    });
  }

  /** A call or cast to the named incarnation; errors use the public status mapping. */
  void call(ChildCallRequest req, StreamObserver<ChildCallReply> out) {
    if (hosting.find(req.getChild(), req.getLink(), req.getStartId()) == null) {
      out.onError(GrpcReplies.toStatus(new Reply.NotFound<>(req.getChild()))
          .asRuntimeException());
      return;
    }
    byte[] payload = req.getPayload().toByteArray();
    Promise<byte[]> p;
    if (req.getCast()) {
      Reply<Void> queued = ctx.loops().castBytes(req.getChild(), payload);
      p = Promise.completed(queued instanceof Reply.Failure<Void> f ? f.<byte[]>retype()
          : Reply.ok(new byte[0]));
    } else {
      Deadline d = Context.current().getDeadline();
      Duration timeout = d == null ? DEFAULT_TIMEOUT
          : Duration.ofNanos(Math.max(0, d.timeRemaining(TimeUnit.NANOSECONDS)));
      p = ctx.loops().callBytesAsync(req.getChild(), payload, timeout, Backpressure.FAIL);
    }
    p.onComplete(r -> {
      if (r instanceof Reply.Ok<byte[]> ok) {
        out.onNext(ChildCallReply.newBuilder().setPayload(ok.value() == null ? ByteString.EMPTY
            : ByteString.copyFrom(ok.value())).build());
        out.onCompleted();
      } else {
        out.onError(GrpcReplies.toStatus((Reply.Failure<?>) r).asRuntimeException());
      }
    });
  }
}
