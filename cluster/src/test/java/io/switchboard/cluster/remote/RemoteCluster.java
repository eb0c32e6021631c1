package io.switchboard.cluster.remote;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.membership.HostPort;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.jgroups.FreePorts;
import io.switchboard.cluster.jgroups.JGroupsFaults;
import io.switchboard.cluster.jgroups.JGroupsMembership;
import io.switchboard.cluster.lease.LeaseKeeper;
import io.switchboard.cluster.ClusterEvents;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.routing.LocalServers;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.time.Clock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real nodes in one JVM for remote supervision: JGroups on 127.0.0.1, real gRPC servers, and a
 * {@link ClusterNode} built with a {@link RemoteSetup} (the wiring a node uses). Nothing is
 * cluster-scoped here: only remote children run.
 */
final class RemoteCluster implements AutoCloseable {
  final Trace trace = new Trace();
  final List<Node> nodes = new CopyOnWriteArrayList<>();
  private final List<HostPort> seeds = new ArrayList<>();
  private final int base;
  private final int expected;

  RemoteCluster(int expected) {
    this.expected = expected;
    this.base = FreePorts.clusterBase(expected);
    for (int i = 0; i < expected; i++) {
      seeds.add(new HostPort("127.0.0.1", base + i));
    }
  }

  /** Starts node {@code i} (name n{i+1}); blocks until it joined. */
  Node start(int i) throws Exception {
    Node n = new Node("n" + (i + 1), base + i);
    nodes.add(n);
    return n;
  }

  Node node(String name) {
    return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
  }

  /** Waits until every running node sees {@code size} members, with quorum and lease. */
  void awaitReady(int size) {
    Trace.await(() -> nodes.stream().allMatch(n -> n.view().size() == size
        && n.cluster.notReadyReason().isEmpty()), Duration.ofSeconds(40), "a cluster of " + size);
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.close();
    }
  }

  final class Node implements AutoCloseable {
    final String name;
    final EventLoopGroup loops;
    final Server grpc;
    final JGroupsMembership membership;
    final ClusterNode cluster;
    final RemoteSupervision remote;

    Node(String name, int clusterPort) throws Exception {
      this.name = name;
      this.loops = EventLoopGroup.start(name + "-loop", 2, b -> b);
      io.grpc.util.MutableHandlerRegistry registry = new io.grpc.util.MutableHandlerRegistry();
      this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .fallbackHandlerRegistry(registry).build().start();
      ClusterConfig config = ClusterConfig.builder().nodeName(name).bindHost("127.0.0.1")
          .clusterPort(clusterPort).seeds(seeds).expectedSize(expected)
          .grpc("127.0.0.1", grpc.getPort()).build();
      this.membership = new JGroupsMembership(config);
      this.cluster = new ClusterNode(config, membership, new NoClusterScoped(), ClusterEvents.NONE,
          Clock.system(), LeaseKeeper.DEFAULT_LEASE, LeaseKeeper.DEFAULT_INTERVAL, 4 << 20,
          RemoteSetup.of(loops, trace.templates(name)));
      this.remote = cluster.remote().orElseThrow();
      registry.addService(cluster.peerService());
      cluster.start();
    }

    Membership view() {
      return membership.current();
    }

    /** A crash as the others see it: no leave, no stops, sockets and streams just end. */
    void crash() throws Exception {
      JGroupsFaults.crash(membership);
      cluster.close();
      grpc.shutdownNow();
      loops.stop(Duration.ofSeconds(5));
      nodes.remove(this);
    }

    @Override
    public void close() {
      cluster.close();
      grpc.shutdownNow();
      loops.stop(Duration.ofSeconds(5));
    }
  }

  /** A node without cluster-scoped names: the routing layer only serves local names here. */
  private static final class NoClusterScoped implements LocalServers {
    @Override
    public boolean isClusterScoped(String name) {
      return false;
    }

    @Override
    public String kindOf(String name) {
      return "unknown";
    }

    @Override
    public Promise<Void> activate(String name, byte[] state) {
      return Promise.completed(new Reply.NotFound<>(name));
    }

    @Override
    public Promise<byte[]> call(String name, byte[] payload, long deadlineNanos) {
      return Promise.completed(new Reply.NotFound<>(name));
    }

    @Override
    public Promise<Void> cast(String name, byte[] payload) {
      return Promise.completed(new Reply.NotFound<>(name));
    }

    @Override
    public Promise<byte[]> release(String name, ExitReason reason) {
      return Promise.completed(new Reply.NotFound<>(name));
    }
  }
}
