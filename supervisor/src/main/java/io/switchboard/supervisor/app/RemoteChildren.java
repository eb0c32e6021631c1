package io.switchboard.supervisor.app;

import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.Promise;
import java.util.Objects;

/**
 * Child specs whose child runs on another node of the cluster (OTP: a supervisor whose child
 * lives on another Erlang node). An application gets one from {@link AppContext#remote()} on a
 * cluster node; a standalone node has none. The node implements it over its cluster layer, so
 * this module stays free of networking.
 *
 * <pre>{@code
 * ctx.remote().ifPresent(remote -> remote.ready().onComplete(r -> root.startChildAsync(
 *     ChildSpec.supervisor("remote", SupervisorSpec.oneForOne(
 *         remote.child("worker-" + ctx.node(), "counter", new byte[0],
 *             RemoteChildren.Placement.anyOtherMember()))))));
 * }</pre>
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>A remote child is named by a <em>template</em> and arguments: objects cannot travel, so
 *       the hosting node builds the server with the template of that kind of its own
 *       applications ({@code Template.newServer(name, args)}). A node without the template
 *       refuses the start ({@code NotFound}), as a failed start.
 *   <li><b>Heartbeats and lease.</b> The supervising node pings every node that hosts its
 *       children every 500 ms on one stream per node; the hosting node answers and pushes exits
 *       as they happen, so a crash is restarted within milliseconds. Crashes come back with
 *       their reason and the supervisor's strategy applies, as for a local child.
 *   <li><b>noconnection.</b> When the hosting node stops answering for 2 s (the 1.5 s lease plus
 *       one beat), or at once when it left the view and refuses connections (a killed process),
 *       its children exit with reason {@code noconnection} (OTP's exit reason for a lost node)
 *       and the strategy applies: {@link Placement#anyOtherMember()} restarts the child on a
 *       surviving member; {@link Placement#onNode} fails its restart while that node is away,
 *       so the supervisor's intensity decides how long to keep trying.
 *   <li><b>Self-fencing.</b> A hosting node that hears no ping for the lease (1.5 s: the
 *       supervisor's node died, was paused or cut off) stops that node's children itself, one
 *       beat before the supervisor would restart them elsewhere, so an orphan never keeps
 *       running beside its replacement (except under a one-way cut, for up to the lease).
 *   <li>A remote restart is always a fresh start from the template: the child's state does not
 *       move, and it is not replicated.
 *   <li>A remote child is started through its supervisor only: it is not a cluster-scoped name,
 *       so clients do not call it by name.
 * </ul>
 *
 * <p>Differences from OTP: Erlang nodes are connected before applications start; a Switchboard
 * node joins its cluster after its applications started, so a remote child can only start once
 * {@link #ready()} completed. Start the supervisors that hold remote children then (e.g. as a
 * child of a root with {@code Supervisor.startChildAsync}); a start before that fails with
 * {@code Unavailable}.
 *
 * <p>Thread-safe; nothing blocks.
 */
public interface RemoteChildren {

  /**
   * A permanent worker {@code id} built on another node from {@code template} with {@code args},
   * placed per {@code placement}. Use it in any supervisor spec; change its restart type, shutdown
   * or backoff with the usual {@code ChildSpec.with…} methods. {@code id} is also the child's
   * name on the hosting node, so it must be unique in the cluster (e.g. include the node's name)
   * and must not be a cluster-scoped name of the applications.
   *
   * @throws IllegalArgumentException when {@code id} or {@code template} is blank
   */
  ChildSpec child(String id, String template, byte[] args, Placement placement);

  /**
   * Completes ({@code Ok}) once this node can place remote children: the first time it is ready
   * (joined, its view has a quorum of {@code --expected-size}, its shards know leaders). Its
   * callbacks run on a node thread and must not block. Fails with {@code Unavailable} when the
   * node stops before.
   */
  Promise<Void> ready();

  /** Where a remote child runs. Immutable values. */
  sealed interface Placement {

    /** Always on the node named {@code node} (its {@code --name}). */
    record OnNode(String node) implements Placement {
      public OnNode {
        if (node == null || node.isBlank()) {
          throw new IllegalArgumentException("Placement.onNode needs a node name (--name)");
        }
      }
    }

    /**
     * On any member of the view but the supervisor's own node, by rendezvous hashing of the
     * child's name: every start goes to the same node while it stays, and a restart after
     * {@code noconnection} skips the lost node.
     */
    record AnyOtherMember() implements Placement {}

    /** On the node named {@code node}. */
    static Placement onNode(String node) {
      return new OnNode(Objects.requireNonNull(node, "node"));
    }

    /** On any member but this node. */
    static Placement anyOtherMember() {
      return new AnyOtherMember();
    }
  }
}
