package io.switchboard.cluster;

import io.switchboard.cluster.membership.HostPort;
import io.switchboard.testkit.FreePorts;
import io.switchboard.cluster.shard.ShardConfig;
import io.switchboard.cluster.shard.Shards;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JGroups cluster ports on 127.0.0.1 for up to {@code maxNodes} nodes of one test cluster in this
 * JVM: consecutive free ports whose FD_SOCK2 ports are free too (the testkit's {@link FreePorts}),
 * every one a seed. Node {@code i} is {@code n<i+1>} at {@code port(i)}. Immutable.
 */
public final class ClusterPorts {
  private final int base;
  private final List<HostPort> seeds;
  private final int[] peer;
  private final Path data;

  public ClusterPorts(int maxNodes) {
    this.base = FreePorts.clusterBase(maxNodes);
    this.peer = new int[maxNodes];
    for (int i = 0; i < maxNodes; i++) {
      peer[i] = FreePorts.port();
    }
    try {
      this.data = Files.createTempDirectory("switchboard-shards");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<HostPort> all = new ArrayList<>();
    for (int i = 0; i < maxNodes; i++) {
      all.add(new HostPort("127.0.0.1", base + i));
    }
    this.seeds = List.copyOf(all);
  }

  /** {@code n<i+1>}: the name of node {@code i}. */
  public static String name(int i) {
    return "n" + (i + 1);
  }

  /** The cluster port of node {@code i}. */
  public int port(int i) {
    return base + i;
  }

  /** Every node's cluster port, the {@code --seeds} of each. */
  public List<HostPort> seeds() {
    return seeds;
  }

  /**
   * The configuration of node {@code i}: named {@code n<i+1>}, bound to 127.0.0.1 at its
   * cluster port, seeded with every port; the caller adds the rest (gRPC endpoint, expected
   * size, cluster name).
   */
  public ClusterConfig.Builder config(int i) {
    return ClusterConfig.builder().nodeName(name(i)).bindHost("127.0.0.1")
        .clusterPort(port(i)).seeds(seeds).peerPort(peer[i]);
  }

  /**
   * The Raft side of a node configured by {@link #config}: 4 shards of 3 replicas on its peer
   * port, its data under a temporary directory kept for the life of this object (so a node
   * started again recovers its replicas).
   */
  public ShardConfig shards(ClusterConfig c) {
    return ShardConfig.of(c.nodeName(), new HostPort("127.0.0.1", c.peerPort()),
        data.resolve(c.nodeName()), new Shards(4, 3)).withClusterName(c.clusterName());
  }
}
