package io.switchboard.cluster.remote;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.proto.v1.ChildExit;
import io.switchboard.proto.v1.HeartbeatPing;
import io.switchboard.proto.v1.HeartbeatPong;
import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.ServerStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervising side's heartbeat links, one per peer that hosts (or is starting) a child:
 * pings, pongs with exits, lease expiry, idle close, and the quarantine of peers whose link was
 * lost.
 *
 * <p>Shares one lock with {@link Supervising}. Entry points from other threads ({@link #tick} on
 * the ticker, {@link #onView} on the membership thread, pongs on gRPC threads) take it
 * themselves and deliver exit notices after releasing it; the other methods are called with it
 * held and add their notices to the caller's list.
 */
final class PeerLinks {
  private static final Logger log = LoggerFactory.getLogger(PeerLinks.class);

  private final RemoteContext ctx;
  private final Object lock;
  private final SupervisedChildren children;
  private final Exits exits;
  private final Map<String, PeerLink> byPeer = new HashMap<>();
  /** Peers whose link was lost → when; skipped by "any other node" placement for a while. */
  private final Map<String, Long> quarantined = new HashMap<>();
  /** The members of the last view, to tell who (re)joined. */
  private Set<String> members = Set.of();
  private long nextLinkId = 1;

  PeerLinks(RemoteContext ctx, Object lock, SupervisedChildren children, Exits exits) {
    this.ctx = ctx;
    this.lock = lock;
    this.children = children;
    this.exits = exits;
  }

  /** Peers skipped by "any other node" placement now. Lock held. */
  Set<String> quarantined() {
    return quarantined.keySet();
  }

  /** The live link to {@code peer}, made if there is none. Lock held. */
  PeerLink linkTo(Member peer, long now, List<Runnable> told) {
    PeerLink link = byPeer.get(peer.name());
    if (link != null && !link.peer.equals(peer)) {
      lose(link, "the peer came back at another endpoint", now, told);
      link = null;
    }
    if (link == null) {
      link = new PeerLink(peer, ctx.self() + "/" + ctx.incarnation() + "/" + nextLinkId++,
          new HeartbeatLease(ctx.config(), now));
      byPeer.put(peer.name(), link);
    }
    return link;
  }

  /** Gives up on incarnation {@code startId} on {@code link}: the peer stops it. Lock held. */
  void abandon(PeerLink link, long startId, List<Runnable> told) {
    if (link.lost) {
      return; // its peer fences the whole link
    }
    if (link.abandoned.size() >= ctx.config().maxAbandoned()) {
      lose(link, "too many abandoned children", ctx.clock().nanoTime(), told);
      return;
    }
    link.abandoned.putIfAbsent(startId, 0L);
    link.idleSince = -1;
  }

  /**
   * Declares every child running on {@code link} exited with {@code noconnection}, drops the
   * link and quarantines its peer. Lock held.
   */
  void lose(PeerLink link, String why, long now, List<Runnable> told) {
    if (link.lost) {
      return;
    }
    link.lost = true;
    byPeer.remove(link.peer.name(), link);
    quarantined.put(link.peer.name(), now);
    link.cancelStream("link lost: " + why);
    ExitReason reason = new ExitReason.NoConnection(link.peer.name());
    int n = 0;
    for (String name : link.children) {
      SupervisedChild c = children.get(name);
      if (c != null && c.link == link && c.status == ServerStatus.RUNNING) {
        children.exited(c, reason, null, told);
        n++;
      }
    }
    link.children.clear();
    log.warn("event=remote_link_lost node={} peer={} link={} children={} reason=\"{}\" "
        + "last_pong_ms_ago={}", ctx.self(), link.peer.name(), link.id, n, why,
        (now - link.lease.confirmedAt()) / 1_000_000);
  }

  /** The ticker: expire links, ping, close idle links, end quarantines. Never blocks. */
  void tick() {
    List<Runnable> told = new ArrayList<>();
    synchronized (lock) {
      long now = ctx.clock().nanoTime();
      for (PeerLink link : new ArrayList<>(byPeer.values())) {
        if (link.established && link.lease.expired(now)) {
          lose(link, "no pong for " + link.lease.missedBeats(now) + " beats", now, told);
        } else if (closeIfIdle(link, now)) {
          byPeer.remove(link.peer.name(), link);
        } else if (link.established && link.lease.pingDue(now)) {
          ping(link, now);
        }
      }
      long quarantine = ctx.config().quarantine().toNanos();
      quarantined.values().removeIf(at -> now - at > quarantine);
    }
    exits.deliver(told);
  }

  /** An idle link is closed gracefully once it stayed idle for a lease. */
  private boolean closeIfIdle(PeerLink link, long now) {
    if (!link.idle()) {
      link.idleSince = -1;
      return false;
    }
    if (link.idleSince < 0) {
      link.idleSince = now;
      return false;
    }
    if (now - link.idleSince < ctx.config().lease().toNanos()) {
      return false;
    }
    link.completeStream();
    return true;
  }

  private void ping(PeerLink link, long now) {
    if (link.stream == null) {
      int gen = ++link.generation;
      link.stream = ctx.peers().stub(link.peer).heartbeat(new Pongs(link, gen));
    }
    long seq = link.lease.ping(now);
    HeartbeatPing ping = HeartbeatPing.newBuilder().setFromNode(ctx.self()).setEpoch(ctx.epoch())
        .setSeq(seq).setLeaseMillis((int) ctx.config().lease().toMillis()).setLink(link.id)
        .addAllAbandoned(link.abandonedFor(seq)).build();
    try {
      link.stream.onNext(ping);
    } catch (RuntimeException e) {
      link.stream = null; // the call already ended; the next beat opens a new stream
    }
  }

  private void onPong(PeerLink link, int gen, HeartbeatPong pong) {
    List<Runnable> told = new ArrayList<>();
    synchronized (lock) {
      if (link.lost || link.generation != gen) {
        return;
      }
      link.lease.onPong(pong.getSeq());
      link.acknowledge(pong.getSeq());
      link.refused = false;
      for (ChildExit e : pong.getExitsList()) {
        SupervisedChild c = children.get(e.getChild());
        if (c == null || !c.runsAs(link, e.getStartId())) {
          continue; // stopped or restarted meanwhile: nobody waits for this exit
        }
        ExitReason reason = ExitCodes.decode(e, link.peer.name());
        if (reason instanceof ExitReason.NoConnection) {
          quarantined.put(link.peer.name(), ctx.clock().nanoTime()); // it is leaving
        }
        link.children.remove(c.name);
        CrashReport report = reason instanceof ExitReason.Crash crash
            ? children.report(c, link.peer.name(), crash.cause()) : null;
        children.exited(c, reason, report, told);
      }
    }
    exits.deliver(told);
  }

  private void onStreamEnd(PeerLink link, int gen, Throwable t) {
    List<Runnable> told = new ArrayList<>();
    synchronized (lock) {
      if (link.lost || link.generation != gen) {
        return;
      }
      link.stream = null; // the next beat reopens it; the lease decides about the children
      Status s = t == null ? null : Status.fromThrowable(t);
      link.refused = link.refused || refusedConnection(t);
      if (s != null && s.getCode() == Status.Code.FAILED_PRECONDITION) {
        lose(link, "refused by the peer: " + s.getDescription(), ctx.clock().nanoTime(), told);
      } else if (link.refused && !link.lease.isPinging()) {
        lose(link, "left the view and refuses connections", ctx.clock().nanoTime(), told);
      }
    }
    exits.deliver(told);
  }

  /** True when nothing listens at the peer's endpoint any more (its process is gone). */
  private static boolean refusedConnection(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A new view: stop pinging peers that left it, so a peer that is only cut off fences its
   * children; the lease then runs out as usual. A peer that left the view <em>and</em> refuses
   * connections (nothing listens at its endpoint: its process is gone, so are its children) is
   * lost at once. A member that (re)joined gets its channel's reconnect backoff reset.
   */
  void onView(Membership view) {
    List<Runnable> told = new ArrayList<>();
    synchronized (lock) {
      long now = ctx.clock().nanoTime();
      for (PeerLink link : new ArrayList<>(byPeer.values())) {
        if (view.member(link.peer.name()).isPresent() || !link.lease.isPinging()) {
          continue;
        }
        link.lease.stopPinging();
        log.info("event=remote_link_peer_left node={} peer={} link={} children={} "
            + "refuses_connections={} expires_in_ms={}", ctx.self(), link.peer.name(), link.id,
            link.children.size(), link.refused, (link.lease.expiresAt() - now) / 1_000_000);
        if (link.refused) {
          lose(link, "left the view and refuses connections", now, told);
        }
      }
      quarantined.keySet().removeIf(peer -> view.member(peer).isEmpty());
      Set<String> present = new HashSet<>();
      for (Member m : view.members()) {
        present.add(m.name());
        if (!members.contains(m.name()) && !m.equals(view.self())) {
          // a member back after a crash: our channel may still back off from its absence, and
          // a start placed there must not fail fast for that
          ctx.peers().resetBackoff(m);
        }
      }
      members = present;
    }
    exits.deliver(told);
  }

  /** Cancels every stream without stopping any child: the peers' leases fence them. */
  void close() {
    synchronized (lock) {
      for (PeerLink link : byPeer.values()) {
        link.lost = true;
        link.cancelStream("supervising node closed");
      }
      byPeer.clear();
    }
  }

  /** The pongs of one stream of one link. */
  private final class Pongs implements StreamObserver<HeartbeatPong> {
    private final PeerLink link;
    private final int gen;

    Pongs(PeerLink link, int gen) {
      this.link = link;
      this.gen = gen;
    }

    @Override
    public void onNext(HeartbeatPong pong) {
      onPong(link, gen, pong);
    }

    @Override
    public void onError(Throwable t) {
      onStreamEnd(link, gen, t);
    }

    @Override
    public void onCompleted() {
      onStreamEnd(link, gen, null);
    }
  }
}
