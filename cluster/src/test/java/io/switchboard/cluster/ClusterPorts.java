package io.switchboard.cluster;

import io.switchboard.cluster.membership.HostPort;
import io.switchboard.testkit.FreePorts;
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

  public ClusterPorts(int maxNodes) {
    this.base = FreePorts.clusterBase(maxNodes);
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
        .clusterPort(port(i)).seeds(seeds);
  }
}
