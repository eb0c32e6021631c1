/**
 * Remote supervision: a supervisor on one node runs children on other nodes, with OTP's restart
 * semantics and a heartbeat lease instead of Erlang's distribution links.
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * RemoteSupervision remote = clusterNode.remote().orElseThrow();
 * RemoteHost anywhere = remote.host("app", RemotePlacement.anyOther());
 * Supervisor app = Supervisor.builder("app", loops, SupervisorSpec.oneForOne(
 *     RemoteChild.worker("worker-a", "counter", new byte[0], anywhere))).build();
 * }</pre>
 *
 * A child cannot travel as an object, so it is named by a template and arguments
 * ({@link io.switchboard.cluster.remote.RemoteChild}); the hosting node builds the server with its
 * {@link io.switchboard.cluster.remote.RemoteTemplates}.
 *
 * <h2>Protocol</h2>
 *
 * <ul>
 *   <li><b>One heartbeat stream per peer</b> (supervising process × hosting node), not per child:
 *       pings cost O(peers) instead of O(children), all children on a node fail together anyway
 *       (a lost node is a per-node event), and one stream keeps exit reports in order. A stream
 *       belongs to a <em>link</em> with a unique id; children are started under a link and live
 *       only while that link's pings arrive.
 *   <li>The supervising node pings every 500 ms; the hosting node answers each ping with a pong
 *       that carries the exits since the previous pong, and pushes a pong on its own as soon as a
 *       child exits (so a crash restarts within milliseconds, not at the next beat).
 *   <li><b>noconnection</b>: when no pong has answered a ping sent within the lease plus one
 *       interval (3 × 500 ms + 500 ms = 2 s), every child on that link exits with
 *       {@code ExitReason.NoConnection(node)}; the supervisor's strategy applies and a restart of
 *       an "any other node" child skips that node (quarantine, 10 s or until it leaves the view).
 *   <li><b>Self-fencing</b>: the hosting node stops the children of a link that has not pinged
 *       within the lease (1.5 s). It does so one interval before the supervisor gives up on them,
 *       so after a cut or a crash of the supervising node the orphan is stopped before its
 *       replacement starts. A restarted hosting node knows no links: it refuses their pings and
 *       the supervisor declares {@code noconnection} at once.
 *   <li><b>View changes</b>: when the view drops a peer, the supervising node stops pinging it
 *       (so a peer cut off from the cluster fences its children) and lets the lease run out. A
 *       view alone does not prove the children stopped (JGroups and gRPC are different paths),
 *       so {@code noconnection} comes at the view change only when the peer also refuses
 *       connections (nothing listens at its endpoint: the process is gone, and its children with
 *       it): a {@code kill -9} is then handled at the view (~1–2 s) instead of the lease (2 s
 *       after the last pong).
 *   <li>Lost answers: a start or stop whose answer never came is <em>abandoned</em>; its start id
 *       rides on the next pings until acknowledged, and the hosting node stops that incarnation.
 *   <li>Graceful leave of a hosting node: its children stop and are reported as
 *       {@code noconnection}, so their supervisors restart them elsewhere at once.
 * </ul>
 *
 * <h2>Bounds and threads</h2>
 *
 * Every queue and table is bounded ({@link io.switchboard.cluster.remote.RemoteConfig}). One
 * ticker thread per node drives pings, leases and fences on an injected clock; the lease
 * arithmetic is pure ({@code HeartbeatLease}, {@code FenceLease}). RPCs are asynchronous; no
 * event-loop thread ever waits for the network.
 */
@NullMarked
package io.switchboard.cluster.remote;

import org.jspecify.annotations.NullMarked;
