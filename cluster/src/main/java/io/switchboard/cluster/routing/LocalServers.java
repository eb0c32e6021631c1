package io.switchboard.cluster.routing;

import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;

/**
 * This node's own servers, as the cluster layer needs them: the node implements it over its event
 * loops and its application's templates. Thread-safe; no method blocks.
 */
public interface LocalServers {

  /** True when {@code name} is cluster-scoped: a template of the application starts it. */
  boolean isClusterScoped(String name);

  /** The server kind for {@code name} (e.g. {@code counter}), or {@code unknown}. */
  String kindOf(String name);

  /**
   * Makes sure {@code name} runs here: starts it from its template if absent, from {@code state}
   * (a handed-over state, or {@code null} for {@code init}). {@code Ok} also when it already ran.
   */
  Promise<Void> activate(String name, byte[] state);

  /** Calls a server running here (no on-demand start). */
  Promise<byte[]> call(String name, byte[] payload, long deadlineNanos);

  /** Casts to a server running here (no on-demand start). */
  Promise<Void> cast(String name, byte[] payload);

  /**
   * Stops {@code name} here so it can move: runs {@code terminate(reason)} and completes with its
   * encoded state ({@code Ok(null)} without a state codec, {@code NotFound} when not running).
   */
  Promise<byte[]> release(String name, ExitReason reason);
}
