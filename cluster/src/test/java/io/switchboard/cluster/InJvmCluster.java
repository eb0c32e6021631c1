package io.switchboard.cluster;

import io.switchboard.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Up to {@code maxNodes} {@link InJvmNode}s of one cluster in this JVM, each told {@code
 * --expected-size expected}: what the in-JVM harnesses of the routing and remote-supervision
 * tests share. A harness says how node {@code i} is made from its configuration ({@link #newNode}).
 * Not thread-safe: the test thread starts and stops nodes; {@link #nodes} may be read anywhere.
 */
public abstract class InJvmCluster<N extends InJvmNode> implements AutoCloseable {
  /** A node starts, joins and holds its lease within this. */
  private static final Duration READY = Duration.ofSeconds(40);

  /** The running nodes, in start order; a crashed node leaves the list. */
  public final List<N> nodes = new CopyOnWriteArrayList<>();
  protected final int expected;
  protected final ClusterPorts ports;

  protected InJvmCluster(int expected, int maxNodes) {
    this.expected = expected;
    this.ports = new ClusterPorts(maxNodes);
  }

  /**
   * Starts the node named {@code name} with {@code config} (its name, cluster port, seeds and
   * expected size; {@link InJvmNode} adds the gRPC endpoint). Blocks until it joined.
   */
  protected abstract N newNode(String name, ClusterConfig.Builder config) throws Exception;

  /** Starts node {@code i} ({@code n<i+1>}); blocks until it joined. */
  public N start(int i) throws Exception {
    N n = newNode(ClusterPorts.name(i), ports.config(i).expectedSize(expected));
    n.onCrash(() -> nodes.remove(n));
    nodes.add(n);
    return n;
  }

  /** The running node named {@code name}. */
  public N node(String name) {
    return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
  }

  /** Waits until every running node sees {@code size} members, with quorum and a valid lease. */
  public void awaitReady(int size) {
    Await.until("a cluster of " + size, READY, () -> nodes.stream().allMatch(
        n -> n.view().size() == size && n.cluster.notReadyReason().isEmpty()));
  }

  @Override
  public void close() {
    for (N n : nodes) {
      n.close();
    }
  }
}
