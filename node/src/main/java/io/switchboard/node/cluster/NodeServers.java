package io.switchboard.node.cluster;

import io.switchboard.cluster.routing.LocalServers;
import io.switchboard.node.app.NodeApp;
import io.switchboard.node.app.Template;
import io.switchboard.supervisor.Backpressure;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;
import java.time.Duration;
import java.util.Optional;

/**
 * The node's own servers as the cluster layer sees them: cluster-scoped names are the ones an
 * application template starts. Calls go straight to the loops with no on-demand start — in a
 * cluster only the router starts a name, after its previous owner released it. Thread-safe.
 */
final class NodeServers implements LocalServers {
  private final ServerHost loops;
  private final NodeApp app;
  private final io.switchboard.node.core.Router local;

  /**
   * @param local the node's own router (starts node-local templates on demand): where calls to
   *     names that are not cluster-scoped go
   */
  NodeServers(ServerHost loops, NodeApp app, io.switchboard.node.core.Router local) {
    this.loops = loops;
    this.app = app;
    this.local = local;
  }

  @Override
  public boolean isClusterScoped(String name) {
    return app.template(name).map(Template::clusterScoped).orElse(false);
  }

  @Override
  public String kindOf(String name) {
    return app.template(name).map(Template::kind).orElse("unknown");
  }

  @Override
  public Promise<Void> activate(String name, byte[] state) {
    Optional<Template> t = app.template(name);
    if (t.isEmpty()) {
      return Promise.completed(new Reply.NotFound<>(name));
    }
    if (loops.status(name) != null) {
      return Promise.completed(Reply.ok(null));
    }
    Promise<Void> out = new Promise<>();
    t.get().start(name, state).onComplete(r ->
        // "exists": a concurrent activation won; the name runs either way
        out.complete(r instanceof Reply.InvalidInput<Void> ? Reply.ok(null) : r));
    return out;
  }

  @Override
  public Promise<byte[]> call(String name, byte[] payload, long deadlineNanos) {
    if (!isClusterScoped(name)) {
      return local.call(name, payload, deadlineNanos);
    }
    return loops.callBytesAsync(name, payload,
        Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())), Backpressure.FAIL);
  }

  @Override
  public Promise<Void> cast(String name, byte[] payload) {
    if (!isClusterScoped(name)) {
      return local.cast(name, payload);
    }
    return Promise.completed(loops.castBytes(name, payload));
  }

  @Override
  public Promise<byte[]> release(String name, ExitReason reason) {
    Optional<Template> t = app.template(name);
    return t.isEmpty() ? loops.handOffAsync(name, reason) : t.get().release(name, reason);
  }
}
