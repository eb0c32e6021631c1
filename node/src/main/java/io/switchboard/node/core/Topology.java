package io.switchboard.node.core;

import java.util.List;
import java.util.Objects;

/**
 * The membership view that {@code members} reports and {@code /metrics} exports. A standalone
 * node is a view of one; the cluster supplies its own. {@link #view()} is called from gRPC and
 * metrics threads: it must be thread-safe and must not block.
 */
@FunctionalInterface
public interface Topology {

  /** The current view, an immutable snapshot. */
  View view();

  /** The cluster's shards as this node knows them, in shard order; none for a standalone node. */
  default List<Shard> shards() {
    return List.of();
  }

  /**
   * One shard as this node knows it.
   *
   * @param shard its number
   * @param leader the member this node believes leads it, empty when it knows none
   * @param replicas the members holding its replicas when this node holds one, else empty
   */
  record Shard(int shard, String leader, List<String> replicas) {
    public Shard {
      Objects.requireNonNull(leader, "leader");
      replicas = List.copyOf(replicas);
    }
  }

  /**
   * One view.
   *
   * @param self this node
   * @param members every member, in view order (coordinator first), {@code self} included
   * @param epoch the fencing epoch (0 for a standalone node)
   * @param expectedSize the configured cluster size ({@code --expected-size})
   * @param quorum true when {@code members} is a strict majority of {@code expectedSize}
   */
  record View(NodeRef self, List<NodeRef> members, long epoch, int expectedSize, boolean quorum) {
    public View {
      Objects.requireNonNull(self, "self");
      members = List.copyOf(members);
      if (expectedSize < 1) {
        throw new IllegalArgumentException("expectedSize must be >= 1, was " + expectedSize);
      }
    }
  }

  /** The view of a node that runs alone: itself, epoch 0, expected size 1, in quorum. */
  static Topology standalone(NodeRef self) {
    View view = new View(self, List.of(self), 0, 1, true);
    return () -> view;
  }
}
