package io.switchboard.cluster.remote;

import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.ClusterEvents;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.InJvmCluster;
import io.switchboard.cluster.InJvmNode;
import io.switchboard.cluster.routing.LocalServers;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.Templates;
import io.switchboard.supervisor.time.Clock;

/**
 * Real nodes in one JVM for remote supervision: a {@link ClusterNode} built with a {@link
 * RemoteSetup} (the wiring a node uses) over two event loops. Nothing is cluster-scoped here:
 * only remote children run, traced in {@link #trace}.
 */
final class RemoteCluster extends InJvmCluster<RemoteCluster.Node> {
  final Trace trace = new Trace();

  RemoteCluster(int expected) {
    super(expected, expected);
  }

  @Override
  protected Node newNode(String name, ClusterConfig.Builder config) throws Exception {
    EventLoopGroup loops = EventLoopGroup.start(name + "-loop", 2, b -> b);
    // no cluster-scoped names: the routing layer only serves local names here
    return new Node(config, loops, (c, membership) -> new ClusterNode(c, ports.shards(c),
        membership, new LocalServers(loops, Templates.NONE,
            new Router.Location(name, "127.0.0.1:" + c.grpc().port())),
        ClusterEvents.NONE, Clock.system(), 4 << 20, RemoteSetup.of(loops, trace.templates(name))));
  }

  static final class Node extends InJvmNode {
    final EventLoopGroup loops;
    final RemoteSupervision remote;

    private Node(ClusterConfig.Builder config, EventLoopGroup loops, Wiring wiring)
        throws Exception {
      super(config, loops, wiring);
      this.loops = loops;
      this.remote = cluster.remote().orElseThrow();
    }
  }
}
