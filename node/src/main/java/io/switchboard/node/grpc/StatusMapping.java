package io.switchboard.node.grpc;

import io.grpc.Status;
import io.switchboard.supervisor.Reply;

/**
 * The one mapping between {@link Reply} errors and gRPC status codes, used by every service of
 * the node (and by forwarding, in both directions, so an error crosses nodes unchanged):
 *
 * <pre>
 *   NotFound     ↔ NOT_FOUND            InvalidInput ↔ INVALID_ARGUMENT
 *   Overloaded   ↔ RESOURCE_EXHAUSTED   Crashed      ↔ ABORTED (description: the reason)
 *   Timeout      ↔ DEADLINE_EXCEEDED    Unavailable  ↔ UNAVAILABLE
 * </pre>
 *
 * Pure and thread-safe.
 */
public final class StatusMapping {
  private StatusMapping() {}

  /** The status for an error reply; its description is the reply's one-line message. */
  public static Status toStatus(Reply.Failure<?> failure) {
    // one table for the whole product: the node-to-node path uses the same one
    return io.switchboard.cluster.transport.GrpcReplies.toStatus(failure);
  }

  /**
   * The error reply for a non-OK status received from another node or a client library. Codes
   * outside the mapping (CANCELLED, INTERNAL, UNKNOWN…) become {@link Reply.Unavailable}: the
   * remote side could not serve the call.
   *
   * @param name the server name the call was for (NOT_FOUND and ABORTED carry it)
   */
  public static <T> Reply.Failure<T> fromStatus(Status status, String name) {
    String text = status.getDescription() == null
        ? status.getCode().name() : status.getDescription();
    return switch (status.getCode()) {
      case NOT_FOUND -> new Reply.NotFound<>(name);
      case INVALID_ARGUMENT -> new Reply.InvalidInput<>(text);
      case RESOURCE_EXHAUSTED -> new Reply.Overloaded<>(text);
      case ABORTED -> new Reply.Crashed<>(name, crashReason(text, name));
      case DEADLINE_EXCEEDED -> new Reply.Timeout<>(text);
      default -> new Reply.Unavailable<>(status.getCode() + ": " + text);
    };
  }

  /** Strips the {@code server 'x' crashed: } prefix that {@link Reply.Crashed} adds. */
  private static String crashReason(String text, String name) {
    String prefix = "server '" + name + "' crashed: ";
    return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
  }
}
