package io.switchboard.supervisor;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Delivers inputs to servers by name, wherever they live: the one seam between a node's public
 * API and its servers. A standalone node routes to its own event loops ({@link LocalRouter}); a
 * cluster node routes to each name's owner (the {@code cluster} module's router), retrying on
 * ownership changes within the caller's deadline. A node binds one router at start-up and every
 * request goes through it: {@code edge → Router → EventLoop → server} and back.
 *
 * <p>Errors are {@link Reply.Failure} values, mapped to gRPC statuses only at the edge. Every
 * method is thread-safe and never blocks; callbacks on the returned promises may run on an
 * event-loop or transport thread, so they must be quick.
 */
public interface Router {

  /** The contract's bound on a request id ({@code CallRequest.request_id}). */
  int MAX_REQUEST_ID_BYTES = 64;

  /**
   * Resolves {@code name} once — its template, whether it is cluster-scoped, its kind — into a
   * {@link Route} to call or cast through. Pure and quick; never blocks, never fails (an unknown
   * name gives a route whose calls complete with {@link Reply.NotFound}).
   */
  Route route(String name);

  /**
   * Calls {@code name} with wire bytes: {@code route(name).call(payload, deadline)}. The promise
   * completes with the encoded output, or with {@link Reply.NotFound} (no such server, no
   * template), {@link Reply.InvalidInput} (the codec refused the bytes), {@link Reply.Overloaded}
   * (inbox full), {@link Reply.Crashed} (the server crashed on this input), {@link Reply.Timeout}
   * (the deadline passed) or {@link Reply.Unavailable}.
   */
  default Promise<byte[]> call(String name, byte[] payload, Deadline deadline) {
    return route(name).call(payload, deadline);
  }

  /**
   * Queues wire bytes for {@code name} without waiting for the output: {@code Ok} once queued
   * (by the owner, for a forwarded cast), or an error as for {@link #call}. The deadline bounds
   * how long finding the owner may take, not the step.
   */
  default Promise<Void> cast(String name, byte[] payload, Deadline deadline) {
    return route(name).cast(payload, deadline);
  }

  /** Where {@code name} is (or would be) served, or {@link Reply.NotFound}. Never blocks. */
  Reply<Location> whereIs(String name);

  /**
   * Sends the server {@code name} running <em>here</em> an exit signal (OTP
   * {@code exit(Pid, Reason)}, see {@link ServerHost#killAsync}): its supervisor sees the exit.
   * Completes {@code Ok} once it exited, {@link Reply.NotFound} when it does not run here (ask
   * {@link #whereIs}), {@code Unavailable} when it is restarting. The default refuses.
   */
  default Promise<Void> kill(String name, ExitReason reason) {
    return Promise.completed(new Reply.Unavailable<>(
        "this router cannot send exit signals (kill '" + name + "')"));
  }

  /** The server kind behind {@code name} for metrics (e.g. {@code counter}), or "unknown". */
  default String kindOf(String name) {
    return route(name).kind();
  }

  /** One name, resolved: call it as often as needed. Thread-safe, like its router. */
  interface Route {

    /** The name this route delivers to. */
    String name();

    /** The server kind for metrics (e.g. {@code counter}), or {@code unknown}. */
    String kind();

    /** As {@link Router#call}. */
    Promise<byte[]> call(byte[] payload, Deadline deadline);

    /** As {@link Router#cast}. */
    Promise<Void> cast(byte[] payload, Deadline deadline);

    /**
     * As {@link #call(byte[], Deadline)}, carrying the caller's request id ({@code null} or empty:
     * none; at most {@link #MAX_REQUEST_ID_BYTES} bytes, checked at the edge). A router that keeps
     * replicated state answers an id already applied to this name with the reply recorded then,
     * without stepping again; others ignore the id (the default).
     */
    default Promise<byte[]> call(byte[] payload, byte @Nullable [] requestId, Deadline deadline) {
      return call(payload, deadline);
    }

    /** As {@link #cast(byte[], Deadline)} with a request id: see the call's. */
    default Promise<Void> cast(byte[] payload, byte @Nullable [] requestId, Deadline deadline) {
      return cast(payload, deadline);
    }
  }

  /**
   * A node that serves names.
   *
   * @param node its logical name ({@code --name})
   * @param endpoint where clients reach it, {@code host:port}
   */
  record Location(String node, String endpoint) {
    public Location {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(endpoint, "endpoint");
    }
  }
}
