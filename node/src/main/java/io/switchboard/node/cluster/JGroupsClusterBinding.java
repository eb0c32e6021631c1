package io.switchboard.node.cluster;

import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.ClusterEvents;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.jgroups.JGroupsMembership;
import io.switchboard.cluster.membership.HostPort;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.routing.LocalServers;
import io.switchboard.cluster.shard.ShardConfig;
import io.switchboard.cluster.shard.Shards;
import io.switchboard.node.core.NodeConfig;
import io.switchboard.node.core.NodeRef;
import io.switchboard.node.core.Topology;
import io.switchboard.node.metrics.NodeMetrics;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's cluster layer: JGroups membership, the ownership lease, routing to owners and the
 * {@code Peer} service (module {@code cluster}), adapted to what the node expects.
 */
public final class JGroupsClusterBinding implements ClusterBinding {
  private final ClusterBinding.LocalNode node;
  private final ClusterNode cluster;

  /** Builds the binding (nothing joins until {@link #start()}). */
  public JGroupsClusterBinding(ClusterBinding.LocalNode node) {
    this.node = node;
    NodeConfig c = node.config();
    HostPort grpc = HostPort.parse(node.self().endpoint());
    ClusterConfig config = ClusterConfig.builder().clusterName(c.clusterName())
        .nodeName(c.name()).bindHost(c.host())
        .clusterPort(c.clusterPort()).discovery(c.discovery()).expectedSize(c.expectedSize())
        .grpc(grpc).peerPort(c.replication().peerPort())
        .tls(c.security().peerTls().orElse(null)).build();
    ShardConfig shards = ShardConfig.of(c.name(), new HostPort(c.advertisedHost(),
            c.replication().peerPort()), c.dataDir(),
        new Shards(c.replication().shards(), c.replication().replicas()))
        .withClusterName(c.clusterName()).withReplaceAfter(c.replication().replaceAfter());
    LocalServers servers = new LocalServers(node.loops(), node.app()::template, node.location());
    this.cluster = new ClusterNode(config, shards, new JGroupsMembership(config), servers,
        events(node.metrics()), Clock.system(), c.maxMessageBytes(),
        // remote supervisors may ask this node to host children built from the app's templates
        io.switchboard.cluster.remote.RemoteSetup.of(node.loops(), (template, args, child) ->
            node.app().newRemoteChild(template, args, child)));
    if (node.remote() != null) {
      cluster.remote().ifPresent(node.remote()::bind);
    }
  }

  private static ClusterEvents events(NodeMetrics metrics) {
    return new ClusterEvents() {
      @Override
      public void failover(String lost) {
        metrics.failover();
      }

      @Override
      public void failoverPhase(ClusterEvents.Phase phase, Duration sinceView) {
        metrics.failoverPhase(phase == ClusterEvents.Phase.ELECT
            ? NodeMetrics.FailoverPhase.ELECT : NodeMetrics.FailoverPhase.FIRST_CALL, sinceView);
      }

      @Override
      public void commit(Duration took) {
        metrics.commit(took);
      }

      @Override
      public void duplicateRequest() {
        metrics.duplicateRequest();
      }

      @Override
      public void activated(int shard) {
        metrics.activated();
      }

      @Override
      public void shardLeader(int shard, boolean leads) {
        metrics.shardLeader(shard, leads);
      }

      @Override
      public void heartbeatMissed(String member) {
        metrics.heartbeatMissed();
      }
    };
  }

  @Override
  public Router router() {
    return cluster.router();
  }

  private static NodeRef ref(Member m) {
    return new NodeRef(m.name(), m.endpoint().toString());
  }

  @Override
  public Topology topology() {
    return new Topology() {
      @Override
      public Topology.View view() {
        Membership m = cluster.membership().current();
        List<NodeRef> members = new ArrayList<>();
        m.members().forEach(x -> members.add(ref(x)));
        return new Topology.View(ref(m.self()), members, m.epoch(), m.expectedSize(),
            m.hasQuorum());
      }

      @Override
      public List<Topology.Shard> shards() {
        return cluster.shardStatus().stream()
            .map(s -> new Topology.Shard(s.shard(), s.leader(), s.replicas())).toList();
      }
    };
  }

  @Override
  public Optional<String> notReadyReason() {
    return cluster.notReadyReason();
  }

  @Override
  public int clusterPort() {
    return node.config().clusterPort();
  }

  @Override
  public void start() {
    cluster.start();
  }

  @Override
  public void leave(Duration timeout) {
    cluster.leave(timeout);
    cluster.close();
  }
}
