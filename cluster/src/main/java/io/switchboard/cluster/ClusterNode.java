package io.switchboard.cluster;

import io.switchboard.cluster.lease.LeaseKeeper;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.MembershipService;
import io.switchboard.cluster.remote.RemoteSetup;
import io.switchboard.cluster.remote.RemoteSupervision;
import io.switchboard.cluster.routing.ClusterRouter;
import io.switchboard.cluster.routing.LocalServers;
import io.switchboard.cluster.routing.PeerService;
import io.switchboard.cluster.transport.PeerClients;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's cluster layer, wired: membership, the ownership lease, the router, the peer service
 * and what happens on every view (give up names that moved, time failovers).
 *
 * <p>Life cycle: {@link #start} joins (blocks until the first view); {@link #leave} hands names
 * over and leaves; {@link #close} releases threads and channels. Other methods are thread-safe
 * and never block.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  private final ClusterConfig config;
  private final MembershipService membership;
  private final LeaseKeeper lease;
  private final PeerClients peers;
  private final ScheduledExecutorService scheduler;
  private final ClusterRouter router;
  private final PeerService peerService;
  private final ClusterEvents events;
  private final Clock clock;
  private final RemoteSupervision remote;
  private volatile Membership last;
  private volatile boolean started;

  public ClusterNode(ClusterConfig config, MembershipService membership, LocalServers local,
      ClusterEvents events, Clock clock, Duration leaseDuration, Duration leaseInterval,
      int maxMessageBytes) {
    this(config, membership, local, events, clock, leaseDuration, leaseInterval, maxMessageBytes,
        null);
  }

  /**
   * With remote supervision: supervisors here may run children on other nodes, and this node
   * hosts children for theirs ({@code remoteSetup}: the node's loops and templates; {@code null}
   * for none).
   */
  public ClusterNode(ClusterConfig config, MembershipService membership, LocalServers local,
      ClusterEvents events, Clock clock, Duration leaseDuration, Duration leaseInterval,
      int maxMessageBytes, @Nullable RemoteSetup remoteSetup) {
    this.config = config;
    this.membership = membership;
    this.events = events;
    this.clock = clock;
    this.lease = new LeaseKeeper(membership, clock, leaseDuration, leaseInterval);
    this.peers = new PeerClients(maxMessageBytes);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cluster-router");
      t.setDaemon(true);
      return t;
    });
    this.router = new ClusterRouter(membership, lease, local, peers, scheduler);
    this.remote = remoteSetup == null ? null
        : new RemoteSupervision(config.nodeName(), membership, peers, clock, remoteSetup);
    this.peerService = new PeerService(membership, router, local,
        remote == null ? null : remote.peerRpcs());
    lease.onMissed(events::heartbeatMissed);
    membership.addListener(this::onView);
  }

  /** Remote supervision, when this node was built with a {@link RemoteSetup}. */
  public Optional<RemoteSupervision> remote() {
    return Optional.ofNullable(remote);
  }

  public ClusterRouter router() {
    return router;
  }

  public PeerService peerService() {
    return peerService;
  }

  public MembershipService membership() {
    return membership;
  }

  /** Joins; blocks until the first view is installed. */
  public void start() {
    membership.start();
    Duration detection = config.timings().heartbeatTimeout()
        .plus(config.timings().verifySuspectTimeout());
    lease.start(detection);
    if (remote != null) {
      remote.start();
    }
    started = true;
  }

  /** Why this node may not serve cluster-scoped names now, or empty. */
  public Optional<String> notReadyReason() {
    if (!started) {
      return Optional.of("not joined");
    }
    if (router.isLeaving()) {
      return Optional.of("leaving");
    }
    Membership view = membership.current();
    if (!view.hasQuorum()) {
      return Optional.of("no quorum: " + view.describe());
    }
    return Optional.ofNullable(lease.reasonInvalid());
  }

  private void onView(Membership view) {
    long t0 = clock.nanoTime();
    Membership prev = last;
    last = view;
    router.viewChanged(prev, view);
    long placed = clock.nanoTime();
    peers.retain(view.members());
    if (prev == null || !view.hasQuorum()) {
      return;
    }
    Set<String> now = new HashSet<>();
    view.members().forEach(m -> now.add(m.name()));
    for (Member gone : prev.members()) {
      if (!now.contains(gone.name()) && lease.takeLeft(gone.name())) {
        log.info("event=member_left node={} left={} {}", config.nodeName(), gone.name(),
            view.describe());
      } else if (!now.contains(gone.name())) {
        Long heard = lease.lastContact(gone.name());
        Duration detect = heard == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, t0 - heard));
        Duration place = Duration.ofNanos(placed - t0);
        events.failover(gone.name(), detect, place, Duration.ZERO);
        log.info("event=failover node={} lost={} detect_ms={} place_ms={} restart=on_demand {}",
            config.nodeName(), gone.name(), detect.toMillis(), place.toNanos() / 1e6,
            view.describe());
      }
    }
  }

  /**
   * Graceful leave: stop admitting cluster-scoped work (callers elsewhere retry), stop every owned
   * server and push its state to its next owner ({@code Handover}), then leave the group so the
   * others install a view without this node at once. Blocks at most {@code timeout}.
   */
  public void leave(Duration timeout) {
    Deadline deadline = Deadline.after(timeout, clock);
    router.startLeaving();
    if (remote != null) {
      remote.leave(); // hosted children restart on other nodes at once
    }
    int names = router.activeCount();
    try {
      router.handOverAll(deadline).get(Math.max(1, deadline.remainingNanos()),
          TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      log.warn("event=leave_handover_incomplete node={} error={}", config.nodeName(),
          e.toString());
    }
    lease.announceLeave();
    membership.close();
    log.info("event=left node={} handed_over={}", config.nodeName(), names);
  }

  @Override
  public void close() {
    if (remote != null) {
      remote.close();
    }
    lease.close();
    scheduler.shutdownNow();
    membership.close();
    peers.close();
  }
}
