package io.switchboard.node.server;

import io.switchboard.node.cluster.ClusterBinding;
import io.switchboard.node.core.NodeConfig;

/**
 * Chooses the cluster layer for a configuration: the one place where the node meets the
 * {@code cluster} module. A configuration without seeds and without DNS discovery runs
 * standalone.
 */
public final class Clustering {
  private Clustering() {}

  /** The binding factory for {@code config}: JGroups when it has seeds or DNS discovery. */
  public static ClusterBinding.Factory factoryFor(NodeConfig config) {
    if (config.standalone()) {
      return ClusterBinding::standalone;
    }
    return io.switchboard.node.cluster.JGroupsClusterBinding::new;
  }
}
