package io.switchboard.cluster.routing;

import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.ClusterEvents;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.InJvmCluster;
import io.switchboard.cluster.InJvmNode;
import io.switchboard.cluster.shard.ShardConfig;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real nodes in one JVM serving the counters ({@link CounterServers}) by cluster-scoped name on
 * 4 shards of 3 replicas; every failover a node reports lands in {@link #failovers}.
 */
final class TestCluster extends InJvmCluster<TestCluster.TestNode> {
  final List<String> failovers = new CopyOnWriteArrayList<>();

  private final Duration replaceAfter;

  TestCluster(int expected, int maxNodes) {
    this(expected, maxNodes, ShardConfig.DEFAULT_REPLACE_AFTER);
  }

  /** With a shorter {@code --replace-after}, for tests of replacement. */
  TestCluster(int expected, int maxNodes, Duration replaceAfter) {
    super(expected, maxNodes);
    this.replaceAfter = replaceAfter;
  }

  @Override
  protected TestNode newNode(String name, ClusterConfig.Builder config) throws Exception {
    CounterServers servers = new CounterServers(name);
    return new TestNode(config, servers, (c, membership) -> new ClusterNode(c,
        ports.shards(c).withReplaceAfter(replaceAfter),
        membership, servers.local, events(name), Clock.system(), 4 << 20, null));
  }

  private ClusterEvents events(String name) {
    return new ClusterEvents() {
      @Override
      public void failover(String lost) {
        failovers.add(name + " took over from " + lost);
      }

      @Override
      public void heartbeatMissed(String member) {}
    };
  }

  static final class TestNode extends InJvmNode {
    final CounterServers servers;

    private TestNode(ClusterConfig.Builder config, CounterServers servers, Wiring wiring)
        throws Exception {
      super(config, servers.loops, wiring);
      this.servers = servers;
    }

    Reply<byte[]> call(String counter, String input, Duration timeout) {
      return cluster.router().call(counter, input.getBytes(StandardCharsets.UTF_8),
          Deadline.after(timeout))
          .await(Deadline.after(timeout.plusSeconds(1)), IdleStrategy.DEFAULT);
    }

    String callText(String counter, String input) {
      return new String(call(counter, input, Duration.ofSeconds(10)).orThrow(),
          StandardCharsets.UTF_8);
    }
  }
}
