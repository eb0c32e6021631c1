package io.switchboard.cluster.routing;

import io.switchboard.cluster.ClusterEvents;
import io.switchboard.cluster.ClusterNode;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.membership.HostPort;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.jgroups.FreePorts;
import io.switchboard.cluster.jgroups.JGroupsMembership;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.time.Clock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Real nodes in one JVM: JGroups on 127.0.0.1, real gRPC servers on free ports. */
final class TestCluster implements AutoCloseable {
  final int expected;
  final List<HostPort> seeds = new ArrayList<>();
  final List<TestNode> nodes = new CopyOnWriteArrayList<>();
  final List<String> failovers = new CopyOnWriteArrayList<>();
  private final int base;

  TestCluster(int expected, int maxNodes) {
    this.expected = expected;
    this.base = FreePorts.clusterBase(maxNodes);
    for (int i = 0; i < maxNodes; i++) {
      seeds.add(new HostPort("127.0.0.1", base + i));
    }
  }

  /** Starts node {@code i} (name n{i+1}); blocks until joined. */
  TestNode start(int i) throws Exception {
    TestNode n = new TestNode("n" + (i + 1), base + i);
    nodes.add(n);
    return n;
  }

  final class TestNode implements AutoCloseable {
    final String name;
    final CounterServers servers;
    final Server grpc;
    final JGroupsMembership membership;
    final ClusterNode cluster;

    TestNode(String name, int clusterPort) throws Exception {
      this.name = name;
      this.servers = new CounterServers(name);
      ClusterNode[] holder = new ClusterNode[1];
      // bind gRPC first (port 0) so the advertised endpoint is real; services resolve lazily
      io.grpc.util.MutableHandlerRegistry registry = new io.grpc.util.MutableHandlerRegistry();
      this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .fallbackHandlerRegistry(registry).build().start();
      ClusterConfig config = ClusterConfig.builder().nodeName(name).bindHost("127.0.0.1")
          .clusterPort(clusterPort).seeds(seeds).expectedSize(expected)
          .grpc("127.0.0.1", grpc.getPort()).build();
      this.membership = new JGroupsMembership(config);
      this.cluster = new ClusterNode(config, membership, servers, new ClusterEvents() {
        @Override
        public void failover(String lost, Duration d, Duration p, Duration r) {
          failovers.add(name + " took over from " + lost);
        }

        @Override
        public void heartbeatMissed(String member) {}
      }, Clock.system(), Duration.ofSeconds(2), Duration.ofMillis(500), 4 << 20);
      holder[0] = cluster;
      registry.addService(cluster.peerService());
      cluster.start();
    }

    Membership view() {
      return membership.current();
    }

    Reply<byte[]> call(String counter, String input, Duration timeout) {
      return cluster.router().call(counter, input.getBytes(StandardCharsets.UTF_8),
          System.nanoTime() + timeout.toNanos())
          .await(System.nanoTime() + timeout.toNanos() + 1_000_000_000L, IdleStrategy.DEFAULT);
    }

    String callText(String counter, String input) {
      return new String(call(counter, input, Duration.ofSeconds(10)).orThrow(),
          StandardCharsets.UTF_8);
    }

    /** Hard stop: no leave, no handover (a crash as far as the others can tell). */
    void crash() throws Exception {
      io.switchboard.cluster.jgroups.JGroupsFaults.crash(membership);
      cluster.close();
      grpc.shutdownNow();
      servers.loops.stop(Duration.ofSeconds(5));
      nodes.remove(this);
    }

    @Override
    public void close() {
      cluster.close();
      grpc.shutdownNow();
      servers.loops.stop(Duration.ofSeconds(5));
    }
  }

  /** Waits until every running node sees {@code size} members with quorum and a valid lease. */
  void awaitReady(int size) {
    await(() -> nodes.stream().allMatch(n -> n.view().size() == size
        && n.cluster.notReadyReason().isEmpty()), Duration.ofSeconds(40), "cluster of " + size);
  }

  static void await(BooleanSupplier cond, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  @Override
  public void close() {
    for (TestNode n : nodes) {
      n.close();
    }
  }
}
