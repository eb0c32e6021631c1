package io.switchboard.node.core;

import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;

/**
 * Delivers inputs to servers by name: the seam between the node's public API and where servers
 * live. A standalone node routes to its own event loops ({@code app.LocalRouter}); a cluster
 * node swaps in a router that forwards to the name's owner and retries on ownership changes
 * within the caller's deadline.
 *
 * <p>Errors are {@link Reply.Failure} values, mapped to gRPC statuses only at the edge (see
 * {@code grpc.StatusMapping}). Every method is thread-safe and never blocks; callbacks on the
 * returned promises may run on an event-loop or transport thread, so they must be quick.
 */
public interface Router {

  /**
   * Calls {@code name} with wire bytes. The promise completes with the encoded output, or with
   * {@link Reply.NotFound} (no such server, no template), {@link Reply.InvalidInput} (the codec
   * refused the bytes), {@link Reply.Overloaded} (inbox full), {@link Reply.Crashed} (the server
   * crashed on this input), {@link Reply.Timeout} or {@link Reply.Unavailable}.
   *
   * @param deadlineNanos the caller's deadline on {@link System#nanoTime()}
   */
  Promise<byte[]> call(String name, byte[] payload, long deadlineNanos);

  /**
   * Queues wire bytes for {@code name} without waiting for the output: {@code Ok} once queued
   * (by the owner, for a forwarded cast), or an error as for {@link #call}.
   */
  Promise<Void> cast(String name, byte[] payload);

  /** The node that owns (or would own) {@code name}, or {@link Reply.NotFound}. */
  Reply<NodeRef> whereIs(String name);

  /** The server kind behind {@code name} for metrics (e.g. {@code counter}), or "unknown". */
  String kindOf(String name);
}
