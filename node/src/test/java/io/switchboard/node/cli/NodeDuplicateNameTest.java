package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.Discovery;
import io.switchboard.cluster.membership.HostPort;
import io.switchboard.node.core.NodeConfig;
import io.switchboard.node.core.Replication;
import io.switchboard.node.server.Clustering;
import io.switchboard.node.server.NodeServer;
import io.switchboard.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard node --name X} while X is live in the cluster: refused, exit 1, named. */
@Timeout(120)
class NodeDuplicateNameTest {
  @TempDir Path dir;

  @Test
  void node_nameAlreadyLiveInTheCluster_exit1NamingTheDuplicate() throws Exception {
    int base = FreePorts.clusterBase(2);
    String cluster = "dup-" + Long.toHexString(System.nanoTime());
    String seeds = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1);
    NodeConfig live = new NodeConfig("twin", "127.0.0.1", 0, 0, base,
        new Discovery.Seeds(List.of(new HostPort("127.0.0.1", base),
            new HostPort("127.0.0.1", base + 1))), 1, dir.resolve("live"),
            io.switchboard.node.core.AppSelection.of("demo"),
        NodeConfig.DEFAULT_MAX_MESSAGE_BYTES, 1, 1000, Duration.ofSeconds(2), cluster,
        new Replication(FreePorts.port(), 4, 1));
    try (NodeServer first = NodeServer.builder(live).cluster(Clustering.factoryFor(live))
        .start()) {
      Cli r = Cli.run("node", "--name", "twin", "--cluster-name", cluster,
          "--grpc-port", "0", "--http-port", "0", "--cluster-port", String.valueOf(base + 1),
          "--seeds", seeds, "--expected-size", "1", "--loops", "1",
          "--peer-port", String.valueOf(FreePorts.port()), "--shards", "4",
          "--data-dir", dir.resolve("second").toString());
      assertThat(r.exit()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).contains("duplicate node name: 'twin' is already a live member of"
          + " cluster '" + cluster + "'");
      assertThat(first.notReadyReason()).isEmpty();
    }
  }
}
