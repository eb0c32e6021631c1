package io.switchboard.node.cluster;

import io.switchboard.node.app.NodeApp;
import io.switchboard.node.core.NodeConfig;
import io.switchboard.node.core.NodeRef;
import io.switchboard.node.core.Topology;
import io.switchboard.node.metrics.NodeMetrics;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.LocalRouter;
import io.switchboard.supervisor.Router;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a node's cluster layer plugs into it: the router that forwards to owners, the membership
 * view and the extra readiness condition (joined, in quorum, shards led). The node-to-node
 * service ({@code switchboard.v1.Peer}) is the cluster layer's own, on its peer port, never on the
 * client port. A standalone node uses {@link #standalone}.
 *
 * <p>Life cycle, driven by {@link NodeServer}: the factory is called once the gRPC port is bound
 * (so the advertised endpoint is real), then {@link #start()} joins; on shutdown {@link #leave} runs after the node stopped admitting calls
 * and before the servers stop (hand over names, leave the group). Methods other than
 * {@code start} and {@code leave} are called from gRPC, HTTP and metrics threads: thread-safe,
 * never blocking.
 */
public interface ClusterBinding {

  /** Creates the binding of a node whose local parts are running. */
  @FunctionalInterface
  interface Factory {
    ClusterBinding create(LocalNode node) throws Exception;
  }

  /**
   * The parts of a node the cluster layer builds on.
   *
   * @param config the node's settings
   * @param self this node with its bound gRPC endpoint
   * @param loops the node's event loops
   * @param app the running application (its templates say which names start on demand)
   * @param metrics where failovers, phases and missed heartbeats are recorded
   * @param remote the applications' remote children, for the binding to {@link
   *     NodeRemoteChildren#bind bind} to its remote supervision; {@code null} when the
   *     applications got none (standalone)
   */
  record LocalNode(NodeConfig config, NodeRef self, EventLoopGroup loops, NodeApp app,
      NodeMetrics metrics, @Nullable NodeRemoteChildren remote) {

    /** A node whose applications have no remote children. */
    public LocalNode(NodeConfig config, NodeRef self, EventLoopGroup loops, NodeApp app,
        NodeMetrics metrics) {
      this(config, self, loops, app, metrics, null);
    }

    /** This node as routers report it. */
    public Router.Location location() {
      return new Router.Location(self.name(), self.endpoint());
    }
  }

  /** The router for public calls. */
  Router router();

  /** The membership view. */
  Topology topology();

  /** Why the cluster keeps the node from being ready (not joined, no quorum…), or empty. */
  Optional<String> notReadyReason();

  /** The cluster port actually bound, for the ready line ({@code --cluster-port} standalone). */
  int clusterPort();

  /** Joins the cluster; blocks until the first view is installed. */
  void start() throws Exception;

  /** Hands names over and leaves; blocks at most {@code timeout}. */
  void leave(Duration timeout);

  /** A node alone: local routing, a view of itself, always in quorum, no extra services. */
  static ClusterBinding standalone(LocalNode node) {
    Topology topology = Topology.standalone(node.self());
    Router router = new LocalRouter(node.loops(), node.app()::template, node.location());
    return new ClusterBinding() {
      @Override
      public Router router() {
        return router;
      }

      @Override
      public Topology topology() {
        return topology;
      }

      @Override
      public Optional<String> notReadyReason() {
        return Optional.empty();
      }

      @Override
      public int clusterPort() {
        return node.config().clusterPort();
      }

      @Override
      public void start() {}

      @Override
      public void leave(Duration timeout) {}
    };
  }
}
