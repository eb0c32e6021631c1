package io.switchboard.cluster.routing;

import io.switchboard.supervisor.Backpressure;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.LocalRouter;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.Stepped;
import io.switchboard.supervisor.Template;
import io.switchboard.supervisor.Templates;
import org.jspecify.annotations.Nullable;

/**
 * This node's own servers as the cluster router sees them: its event loops and its application's
 * {@link Templates}, both plain library types, so routing never calls back into the node. A
 * name is cluster-scoped when its template says so; other names go to the {@link LocalRouter},
 * which starts them on demand. Cluster-scoped names are never started on demand here: only the
 * shard leader's {@link ShardServing} starts them. Thread-safe; no method blocks.
 */
public final class LocalServers {
  private final ServerHost loops;
  private final Templates templates;
  private final LocalRouter local;

  /**
   * @param loops where this node's servers live
   * @param templates the application's on-demand servers
   * @param self this node, as {@code whereIs} reports it for node-local names
   */
  public LocalServers(ServerHost loops, Templates templates, Router.Location self) {
    this.loops = loops;
    this.templates = templates;
    this.local = new LocalRouter(loops, templates, self);
  }

  /** The template that starts {@code name}, or {@code null}. Resolve once per request. */
  @Nullable Template template(String name) {
    return templates.find(name).orElse(null);
  }

  /** True when {@code template} starts cluster-scoped names. */
  static boolean clusterScoped(Template template) {
    return template != null && template.clusterScoped();
  }

  /** True when {@code name} is cluster-scoped. */
  boolean isClusterScoped(String name) {
    return clusterScoped(template(name));
  }

  /** The server kind for metrics, or {@code unknown}. */
  static String kindOf(Template template) {
    return template == null ? "unknown" : template.kind();
  }

  /** Where names that are not cluster-scoped go. */
  LocalRouter router() {
    return local;
  }

  /**
   * Makes sure {@code name} runs here: starts it from {@code template}, from {@code state} (a
   * handed-over state, or {@code null} for {@code init}). {@code Ok} also when it already ran.
   */
  Promise<Void> activate(String name, Template template, byte @Nullable [] state) {
    if (loops.status(name) != null) {
      return Promise.completed(Reply.ok(null));
    }
    Promise<Void> out = new Promise<>();
    template.start(name, state).whenComplete(r ->
        // a concurrent activation won; the name runs either way
        out.complete(r instanceof Reply.AlreadyStarted<Void> ? Reply.ok(null) : r));
    return out;
  }

  /** True when {@code name} runs (or is starting or restarting) here. */
  boolean isRunning(String name) {
    return loops.status(name) != null;
  }

  /**
   * Calls a server running here and gets its state after the step ({@link
   * ServerHost#callSteppedAsync}).
   */
  Promise<Stepped> callStepped(String name, byte[] payload, Deadline deadline) {
    return loops.callSteppedAsync(name, payload, deadline, Backpressure.FAIL);
  }

  /** Calls a server running here (no on-demand start). */
  Promise<byte[]> call(String name, byte[] payload, Deadline deadline) {
    return loops.callBytesAsync(name, payload, deadline, Backpressure.FAIL);
  }

  /** Casts to a server running here (no on-demand start). */
  Promise<Void> cast(String name, byte[] payload) {
    return Promise.completed(loops.castBytes(name, payload));
  }

  /** Sends {@code name}, running here, an exit signal; its supervisor sees the exit. */
  Promise<Void> kill(String name, ExitReason reason) {
    return loops.killAsync(name, reason);
  }

  /**
   * Stops {@code name} here so it can move: runs {@code terminate(reason)} and completes with its
   * encoded state ({@code Ok(null)} without a state codec, {@code NotFound} when not running).
   */
  Promise<byte[]> release(String name, ExitReason reason) {
    Template t = template(name);
    return t == null ? loops.handOffAsync(name, reason) : t.release(name, reason);
  }
}
