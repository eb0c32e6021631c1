package io.switchboard.cluster.remote;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where a remote child runs: on a named node, or on any node but the supervisor's own.
 *
 * <p>{@link AnyOther} picks by rendezvous hashing on the child's name ({@link Placement#owner})
 * among the view's members except this node and the peers whose link was just lost, so every
 * start of a child goes to the same node while it stays healthy, and a restart after
 * {@code noconnection} goes to a survivor. {@link OnNode} always names the same node: while that
 * node is out of the view the start fails ({@code Unavailable}) and the supervisor's restart
 * intensity decides how long to keep trying (as an OTP child whose start fails).
 *
 * <p>Immutable values; {@link #choose} is pure.
 */
public sealed interface RemotePlacement {

  /** On the node named {@code node} (its {@code --name}). */
  record OnNode(String node) implements RemotePlacement {
    public OnNode {
      if (node == null || node.isBlank()) {
        throw new IllegalArgumentException("a remote placement names a node");
      }
    }

    @Override
    public Optional<Member> choose(String child, Membership view, Set<String> lost) {
      return view.member(node);
    }

    @Override
    public String toString() {
      return "on:" + node;
    }
  }

  /** On any member of the view except this node, chosen by rendezvous on the child's name. */
  record AnyOther() implements RemotePlacement {
    @Override
    public Optional<Member> choose(String child, Membership view, Set<String> lost) {
      List<Member> candidates = new ArrayList<>(view.size());
      for (Member m : view.members()) {
        if (!m.equals(view.self()) && !lost.contains(m.name())) {
          candidates.add(m);
        }
      }
      return candidates.isEmpty() ? Optional.empty()
          : Optional.of(Placement.owner(child, candidates));
    }

    @Override
    public String toString() {
      return "any_other";
    }
  }

  /**
   * The node for {@code child} in {@code view}, or empty when there is none.
   *
   * @param lost peers whose link was lost recently (skipped by {@link AnyOther} only)
   */
  Optional<Member> choose(String child, Membership view, Set<String> lost);

  /** On the node named {@code node}. */
  static RemotePlacement onNode(String node) {
    return new OnNode(Objects.requireNonNull(node, "node"));
  }

  /** On any other node, by rendezvous on the child's name. */
  static RemotePlacement anyOther() {
    return new AnyOther();
  }
}
