package io.switchboard.cluster.transport;

import io.grpc.Context;
import io.switchboard.supervisor.Deadline;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines at the gRPC boundary: a request's deadline becomes the one {@link Deadline} value
 * carried to the event loop, and a {@link Deadline} becomes the deadline of an outgoing RPC.
 * Pure.
 */
public final class GrpcDeadlines {
  private GrpcDeadlines() {}

  /**
   * The deadline of the call the current gRPC thread handles: the caller's, or OTP's default
   * call timeout ({@link Deadline#DEFAULT_TIMEOUT}) when it sent none. Call on the gRPC thread
   * (it reads the current {@link Context}).
   */
  public static Deadline fromContext() {
    io.grpc.Deadline d = Context.current().getDeadline();
    return d == null ? Deadline.after(Deadline.DEFAULT_TIMEOUT)
        : Deadline.after(java.time.Duration.ofNanos(Math.max(0, d.timeRemaining(TimeUnit.NANOSECONDS))));
  }

  /** {@code deadline} as the deadline of an outgoing RPC. */
  public static io.grpc.Deadline toGrpc(Deadline deadline) {
    return io.grpc.Deadline.after(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
  }
}
