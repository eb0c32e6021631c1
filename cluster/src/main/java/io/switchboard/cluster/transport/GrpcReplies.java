package io.switchboard.cluster.transport;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.supervisor.Reply;

/**
 * The one table between {@link Reply} errors and gRPC statuses, used in both directions by every
 * service of the product — the node's public edge and the node-to-node path — so an error
 * crosses nodes unchanged:
 *
 * <pre>
 *   NotFound       ↔ NOT_FOUND            InvalidInput ↔ INVALID_ARGUMENT
 *   Overloaded     ↔ RESOURCE_EXHAUSTED   Crashed      ↔ ABORTED (description: the reason)
 *   Timeout        ↔ DEADLINE_EXCEEDED    Unavailable  ↔ UNAVAILABLE
 *   AlreadyStarted ↔ ALREADY_EXISTS
 * </pre>
 *
 * Received codes outside the table: {@code CANCELLED} is a {@code Timeout} (the call's outcome is
 * unknown, exactly as for a deadline: it may have been applied, so it is never retried); every
 * other one ({@code INTERNAL}, {@code UNKNOWN}, {@code UNAUTHENTICATED}…) is
 * {@code Unavailable}: the remote side could not serve the call. Pure and thread-safe.
 */
public final class GrpcReplies {
  private GrpcReplies() {}

  /** The status for an error reply, with its one-line message as the description. */
  public static Status toStatus(Reply.Failure<?> failure) {
    Status s = switch (failure.code()) {
      case NOT_FOUND -> Status.NOT_FOUND;
      case INVALID_INPUT -> Status.INVALID_ARGUMENT;
      case OVERLOADED -> Status.RESOURCE_EXHAUSTED;
      case CRASHED -> Status.ABORTED;
      case TIMEOUT -> Status.DEADLINE_EXCEEDED;
      case UNAVAILABLE -> Status.UNAVAILABLE;
      case ALREADY_STARTED -> Status.ALREADY_EXISTS;
    };
    return s.withDescription(failure.message());
  }

  /**
   * The error reply for a non-OK status about {@code name}, received from {@code peer} (another
   * node, or the node a client talks to). The inverse of {@link #toStatus}: for every failure
   * {@code f}, {@code fromStatus(toStatus(f))} equals {@code f} (the peer prefix aside).
   */
  public static <T> Reply.Failure<T> fromStatus(Status status, String name, String peer) {
    String msg = status.getDescription() != null ? status.getDescription()
        : status.getCode().toString();
    return switch (status.getCode()) {
      case NOT_FOUND -> new Reply.NotFound<>(name);
      case INVALID_ARGUMENT -> new Reply.InvalidInput<>(msg);
      case RESOURCE_EXHAUSTED -> new Reply.Overloaded<>(msg);
      case ABORTED -> new Reply.Crashed<>(name, stripPrefix(msg, "server '" + name
          + "' crashed: "));
      case DEADLINE_EXCEEDED, CANCELLED -> new Reply.Timeout<>(msg);
      case ALREADY_EXISTS -> new Reply.AlreadyStarted<>(name);
      default -> new Reply.Unavailable<>(peer + ": " + status.getCode() + " " + msg);
    };
  }

  /** {@link #fromStatus} for a failed RPC's throwable. */
  public static <T> Reply.Failure<T> fromThrowable(Throwable t, String name, String peer) {
    Status s = t instanceof StatusRuntimeException e ? e.getStatus() : Status.fromThrowable(t);
    return fromStatus(s, name, "peer " + peer);
  }

  private static String stripPrefix(String s, String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }
}
