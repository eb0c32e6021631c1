package io.switchboard.cluster.remote;

import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.MembershipService;
import io.switchboard.cluster.transport.PeerClients;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * What both sides of remote supervision share on one node. Immutable; every part is thread-safe.
 *
 * @param self this node's logical name
 * @param incarnation random per process, so links of a restarted node are new links
 * @param membership the node's membership (views and epochs)
 * @param peers the node's gRPC channels to its peers
 * @param loops this node's event loops: where hosted children run and where exits are delivered
 * @param templates what this node can start for remote supervisors
 * @param clock the clock of every lease decision
 * @param config timings and bounds
 */
record RemoteContext(
    String self,
    String incarnation,
    MembershipService membership,
    PeerClients peers,
    ServerHost loops,
    RemoteTemplates templates,
    Clock clock,
    RemoteConfig config) {

  /** The current view, or {@code null} before the node joined. */
  @Nullable Membership viewOrNull() {
    try {
      return membership.current();
    } catch (IllegalStateException notJoined) {
      return null;
    }
  }

  /** The current epoch, 0 before the first view (for logs on the other side only). */
  long epoch() {
    try {
      return membership.current().epoch();
    } catch (IllegalStateException notJoined) {
      return 0;
    }
  }
}
