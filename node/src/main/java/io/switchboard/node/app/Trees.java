package io.switchboard.node.app;

import io.switchboard.proto.v1.TreeNode;
import io.switchboard.supervisor.ChildCounts;
import io.switchboard.supervisor.ChildType;
import io.switchboard.supervisor.TreeSnapshot;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns a supervisor's {@link TreeSnapshot} into the {@code Tree} reply's nodes, and the children
 * this node hosts for remote supervisors into roots of their own. Pure.
 */
public final class Trees {
  private Trees() {}

  /**
   * The proto form of {@code s}, each supervisor keeping its first {@code maxChildren} children.
   *
   * @param node the node the tree runs on
   * @param kindOf the server kind of a worker, by name
   */
  public static TreeNode toProto(TreeSnapshot s, String node, int maxChildren,
      Function<String, String> kindOf) {
    return toProto(s, node, maxChildren, kindOf, RemoteView.NONE);
  }

  /**
   * The proto form of {@code s}, each supervisor keeping its first {@code maxChildren} children;
   * a worker that runs on another node (remote supervision) shows that node and its loop there.
   *
   * @param node the node the tree runs on
   * @param kindOf the server kind of a worker, by name
   * @param remote where this node's remote children run
   */
  public static TreeNode toProto(TreeSnapshot s, String node, int maxChildren,
      Function<String, String> kindOf, RemoteView remote) {
    TreeNode.Builder b = TreeNode.newBuilder()
        .setName(s.id())
        .setStatus(s.status().name())
        .setNode(node)
        .setRestarts(s.restarts());
    if (s.lastExit() != null) {
      b.setLastExit(s.lastExit());
    }
    ChildCounts c = s.counts();
    if (c != null) {
      b.setCounts(TreeNode.Counts.newBuilder().setSpecs(c.specs()).setActive(c.active())
          .setSupervisors(c.supervisors()).setWorkers(c.workers()));
    }
    if (s.type() == ChildType.SUPERVISOR) {
      b.setKind(TreeNode.Kind.SUPERVISOR);
      if (s.strategy() != null) {
        b.setStrategy(s.strategy().name().toLowerCase(Locale.ROOT));
      }
    } else {
      b.setKind(TreeNode.Kind.WORKER).setServerKind(kindOf.apply(s.id()));
      if (s.loop() != null) {
        b.setLoop(s.loop());
      }
      remote.placed(s.id()).ifPresent(p -> b.setNode(p.node()).setLoop(p.loop())
          .setServerKind(p.kind()));
    }
    int n = Math.min(maxChildren, s.children().size());
    for (int i = 0; i < n; i++) {
      b.addChildren(toProto(s.children().get(i), node, maxChildren, kindOf, remote));
    }
    return b.setOmittedChildren(s.children().size() - n).build();
  }

  /**
   * A child {@code node} hosts for a supervisor on another node, as a root of {@code node}'s
   * tree: a worker with its {@code supervisor_node} (its restarts and exits belong to that
   * supervisor's tree).
   */
  public static TreeNode hosted(RemoteView.Hosted h, String node) {
    return TreeNode.newBuilder().setName(h.name()).setKind(TreeNode.Kind.WORKER)
        .setServerKind(h.kind()).setStatus(h.status()).setLoop(h.loop()).setNode(node)
        .setSupervisorNode(h.supervisorNode()).build();
  }
}
