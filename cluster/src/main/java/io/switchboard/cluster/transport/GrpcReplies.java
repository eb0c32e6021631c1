package io.switchboard.cluster.transport;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.supervisor.Reply;

/**
 * The one mapping between reply values and gRPC statuses on the node-to-node path (the public
 * edge uses the same table): NotFound ↔ NOT_FOUND, InvalidInput ↔ INVALID_ARGUMENT,
 * Overloaded ↔ RESOURCE_EXHAUSTED, Crashed ↔ ABORTED, Timeout ↔ DEADLINE_EXCEEDED,
 * Unavailable ↔ UNAVAILABLE. Pure.
 */
public final class GrpcReplies {
  private GrpcReplies() {}

  /** The status for an error reply, with its message as the description. */
  public static Status toStatus(Reply.Failure<?> f) {
    Status s;
    if (f instanceof Reply.NotFound<?>) {
      s = Status.NOT_FOUND;
    } else if (f instanceof Reply.InvalidInput<?>) {
      s = Status.INVALID_ARGUMENT;
    } else if (f instanceof Reply.Overloaded<?>) {
      s = Status.RESOURCE_EXHAUSTED;
    } else if (f instanceof Reply.Crashed<?>) {
      s = Status.ABORTED;
    } else if (f instanceof Reply.Timeout<?>) {
      s = Status.DEADLINE_EXCEEDED;
    } else {
      s = Status.UNAVAILABLE;
    }
    return s.withDescription(f.message());
  }

  private static String stripPrefix(String s, String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }

  /** The error reply for a failed RPC to {@code peer} about {@code name}. */
  public static <T> Reply<T> fromThrowable(Throwable t, String name, String peer) {
    Status s = t instanceof StatusRuntimeException e ? e.getStatus() : Status.fromThrowable(t);
    String msg = s.getDescription() != null ? s.getDescription() : s.getCode().toString();
    return switch (s.getCode()) {
      case NOT_FOUND -> new Reply.NotFound<>(name);
      case INVALID_ARGUMENT -> new Reply.InvalidInput<>(msg);
      case RESOURCE_EXHAUSTED -> new Reply.Overloaded<>(msg);
      case ABORTED -> new Reply.Crashed<>(name, stripPrefix(msg, "server '" + name
          + "' crashed: "));
      case DEADLINE_EXCEEDED, CANCELLED -> new Reply.Timeout<>(msg);
      default -> new Reply.Unavailable<>("peer " + peer + ": " + s.getCode() + " " + msg);
    };
  }
}
