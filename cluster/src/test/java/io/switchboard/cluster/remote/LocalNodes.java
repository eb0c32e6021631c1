package io.switchboard.cluster.remote;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.switchboard.cluster.membership.HostPort;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.transport.PeerClients;
import io.switchboard.proto.v1.PeerGrpc;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.time.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes in one JVM for remote-supervision tests: real gRPC servers on 127.0.0.1 and real event
 * loops, with a {@link StaticMembership} instead of JGroups so views change exactly when the test
 * says. Every node sees all started nodes until told otherwise.
 */
final class LocalNodes implements AutoCloseable {
  final Trace trace = new Trace();
  final List<Node> nodes = new ArrayList<>();
  private final RemoteConfig config;

  LocalNodes(int n, RemoteConfig config) throws IOException {
    this.config = config;
    for (int i = 0; i < n; i++) {
      nodes.add(new Node("n" + (i + 1)));
    }
    List<Member> all = nodes.stream().map(x -> x.self).toList();
    for (Node x : nodes) {
      x.membership.install(all);
      x.remote.start();
    }
  }

  Node node(String name) {
    return nodes.stream().filter(x -> x.self.name().equals(name)).findFirst().orElseThrow();
  }

  /** Installs a view with {@code members} at node {@code at} only. */
  void view(Node at, Node... members) {
    List<Member> ms = new ArrayList<>();
    ms.add(at.self);
    for (Node m : members) {
      if (m != at) {
        ms.add(m.self);
      }
    }
    at.membership.install(ms);
  }

  @Override
  public void close() {
    for (Node x : nodes) {
      x.close();
    }
  }

  final class Node implements AutoCloseable {
    final Member self;
    final EventLoopGroup loops;
    final Server grpc;
    final StaticMembership membership;
    final PeerClients peers = new PeerClients(4 << 20);
    final RemoteSupervision remote;

    Node(String name) throws IOException {
      this.loops = EventLoopGroup.start(name + "-loop", 2, b -> b);
      io.grpc.util.MutableHandlerRegistry registry = new io.grpc.util.MutableHandlerRegistry();
      this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .fallbackHandlerRegistry(registry).build().start();
      // this test server serves Peer itself: its port is the member's peer port too
      this.self = Member.of(name, new HostPort("127.0.0.1", grpc.getPort()), grpc.getPort());
      this.membership = new StaticMembership(self);
      this.remote = new RemoteSupervision(name, membership, peers, Clock.system(),
          new RemoteSetup(loops, trace.templates(name), config));
      registry.addService(PeerGrpc.bindService(remote.peerRpcs()));
    }

    String name() {
      return self.name();
    }

    /** As a crash looks to the others: heartbeats, RPCs and servers end without goodbyes. */
    void kill() {
      remote.close();
      grpc.shutdownNow();
      loops.stop(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
      remote.close();
      grpc.shutdownNow();
      peers.close();
      loops.stop(Duration.ofSeconds(5));
    }
  }
}
