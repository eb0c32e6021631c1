package io.switchboard.cluster;

import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.MembershipService;
import io.switchboard.cluster.remote.RemoteSetup;
import io.switchboard.cluster.remote.RemoteSupervision;
import io.switchboard.cluster.routing.ClusterRouter;
import io.switchboard.cluster.routing.LocalServers;
import io.switchboard.cluster.routing.PeerService;
import io.switchboard.cluster.shard.RaftTransport;
import io.switchboard.cluster.transport.PeerAdmission;
import io.switchboard.cluster.transport.PeerPlane;
import io.switchboard.cluster.routing.ServingEvents;
import io.switchboard.cluster.shard.ShardConfig;
import io.switchboard.cluster.shard.ShardEvent;
import io.switchboard.cluster.shard.ShardId;
import io.switchboard.cluster.shard.ShardPeer;
import io.switchboard.cluster.shard.ShardReplicas;
import io.switchboard.cluster.shard.Shards;
import io.switchboard.cluster.transport.PeerClients;
import io.switchboard.proto.v1.ShardsReply;
import io.switchboard.proto.v1.ShardsRequest;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's cluster layer, wired: membership (JGroups: who is alive), this node's shard replicas
 * (Raft, Apache Ratis: who owns what, and the replicated state), the router, the peer service and
 * remote supervision.
 *
 * <h2>How the shards form</h2>
 *
 * <p>Once this node sees a view of at least {@code --expected-size} members, it asks the others
 * for their founders ({@code Peer.Shards}). If one has formed, its founders are adopted (a node
 * joining a formed cluster, even while a founder is down, never places the shards anew). If none
 * has, the founders are the first {@code expected-size} members of the view (JGroups orders a
 * view by age, so every node computes the same founders from the same view). Each shard's
 * replicas are placed on the founders by rendezvous hashing ({@link Shards#replicasOf}) and every
 * founder hosts the groups it is placed in; a group elects its leader once a majority of its
 * replicas run. The founders are saved in the data dir ({@code shard-founders}), so a restarted
 * node only recovers its replicas.
 *
 * <h2>How membership changes the shards</h2>
 *
 * <p>After formation, membership drives each shard's Raft configuration ({@link
 * ShardMembership}): every second the leader of a shard places its replicas again over the view
 * (by the same rendezvous hashing), counting a replica out of the view for less than {@code
 * --replace-after} as still there. A joining member is added to the shards it ranks highest for
 * (Raft installs a snapshot), the member it displaces is removed; a member gone longer than
 * {@code --replace-after} is replaced. A node that hosts only some shards learns the others'
 * leaders from another member every second.
 *
 * <p>Life cycle: {@link #start} starts the Raft server and joins (blocks until the first view);
 * {@link #leave} stops serving, closes the replicas and leaves; {@link #close} releases threads
 * and channels. Other methods are thread-safe and never block.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
  /** Commits waiting for a thread to submit them to Raft; past it: {@code Overloaded}. */
  private static final int COMMIT_QUEUE = 10_000;

  private final ClusterConfig config;
  private final ShardConfig shardConfig;
  private final MembershipService membership;
  private final LocalServers local;
  private final PeerClients peers;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService commits;
  private final ClusterEvents events;
  private final Clock clock;
  /** Failover phases as this node sees them. */
  private final FailoverTimes failovers;
  private volatile @Nullable ShardReplicas replicas;
  private volatile @Nullable ClusterRouter router;
  private final PeerService peerService;
  private final int maxMessageBytes;
  /** Serves {@link #peerService} on the Raft server's port; set by {@link #start}. */
  private volatile @Nullable PeerPlane plane;
  private final @Nullable RemoteSupervision remote;
  private volatile @Nullable Membership last;
  private volatile boolean formed;
  private volatile @Nullable List<Member> founders;
  private final AtomicBoolean forming = new AtomicBoolean();
  private final ShardMembership shardMembership;
  private volatile boolean started;

  /**
   * A cluster node; nothing runs until {@link #start}.
   *
   * @param remoteSetup the node's loops and templates for children that remote supervisors ask
   *     this node to host, or {@code null} for no remote supervision
   */
  public ClusterNode(ClusterConfig config, ShardConfig shardConfig, MembershipService membership,
      LocalServers local, ClusterEvents events, Clock clock, int maxMessageBytes,
      @Nullable RemoteSetup remoteSetup) {
    if (config.peerPort() != shardConfig.peer().port()) {
      throw new IllegalArgumentException("the cluster config publishes peer port "
          + config.peerPort() + " but the Raft server listens on " + shardConfig.peer());
    }
    this.config = config;
    this.peers = new PeerClients(maxMessageBytes, config.peerTls().orElse(null));
    this.maxMessageBytes = maxMessageBytes;
    this.shardConfig = shardConfig;
    this.membership = membership;
    this.local = local;
    this.events = events;
    this.clock = clock;
    this.failovers = new FailoverTimes(events::failoverPhase);
    this.shardMembership = new ShardMembership(config.nodeName(), shardConfig.shards(),
        shardConfig.replaceAfter(), clock);
    this.remote = remoteSetup == null ? null
        : new RemoteSupervision(config.nodeName(), membership, peers, clock, remoteSetup);
    this.peerService = new PeerService(membership, () -> router, this::shardsReply,
        remote == null ? null : remote.peerRpcs());
    ScheduledThreadPoolExecutor timers =
        new ScheduledThreadPoolExecutor(1, r -> daemon(r, "cluster-router"));
    timers.setRemoveOnCancelPolicy(true); // a deadline timer goes once its call is answered
    this.scheduler = timers;
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.commits = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(COMMIT_QUEUE), r -> daemon(r, "shard-commit"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Remote supervision, when this node was built with a {@link RemoteSetup}. */
  public Optional<RemoteSupervision> remote() {
    return Optional.ofNullable(remote);
  }

  /** The router; available once {@link #start} returned. */
  public ClusterRouter router() {
    ClusterRouter r = router;
    if (r == null) {
      throw new IllegalStateException("the cluster node is not started");
    }
    return r;
  }

  /**
   * The peer service, served on the peer port from {@link #start} on (it answers {@code
   * UNAVAILABLE} until the router has started).
   */
  public PeerService peerService() {
    return peerService;
  }

  public MembershipService membership() {
    return membership;
  }

  /** This node's replicas; available once started. */
  public ShardReplicas replicas() {
    ShardReplicas r = replicas;
    if (r == null) {
      throw new IllegalStateException("the cluster node is not started");
    }
    return r;
  }

  /** The shards this node hosts a replica of, with the leader each knows ({@code ""}: none). */
  public Map<Integer, String> shardLeaders() {
    ShardReplicas r = replicas;
    Map<Integer, String> out = new java.util.TreeMap<>();
    if (r != null) {
      for (ShardId s : r.hosted()) {
        out.put(s.value(), r.leader(s).orElse(""));
      }
    }
    return out;
  }

  /**
   * One shard as this node knows it ({@code switchboard status}).
   *
   * @param leader the member this node believes leads it, empty when it knows none
   * @param replicas the members in its configuration when this node holds a replica, else empty
   */
  public record ShardStatus(int shard, String leader, List<String> replicas) {}

  /** Every shard of the cluster as this node knows it, in shard order. */
  public List<ShardStatus> shardStatus() {
    ShardReplicas rs = replicas;
    ClusterRouter r = router;
    List<ShardStatus> out = new ArrayList<>();
    if (rs == null || r == null) {
      return out;
    }
    for (ShardId s : shardConfig.shards().all()) {
      List<String> conf = rs.configuration(s)
          .map(ps -> ps.stream().map(ShardPeer::member).toList()).orElse(List.of());
      out.add(new ShardStatus(s.value(), r.knownLeader(s).orElse(""), conf));
    }
    return out;
  }

  /**
   * Starts the Raft server (recovering the replicas found in the data dir), the router and the
   * peer service, then joins; blocks until the first view is installed.
   *
   * @throws UncheckedIOException when the Raft server cannot start (port taken, unreadable data:
   *     the message names the shard)
   */
  public void start() {
    ShardReplicas started;
    PeerPlane p = PeerPlane.start(config.nodeName(), List.of(peerService),
        new PeerAdmission(this::viewOrNull)::refusal, maxMessageBytes);
    plane = p;
    try {
      started = ShardReplicas.start(shardConfig, this::onShardEvent,
          new RaftTransport(config.peerTls().orElse(null), p.customizer()));
    } catch (IOException e) {
      p.close();
      throw new UncheckedIOException("cannot start the Raft server on " + shardConfig.peer()
          + ": " + e.getMessage(), e);
    }
    replicas = started;
    try {
      founders = Founders.load(shardConfig.dataDir()).orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    formed = founders != null || !started.hosted().isEmpty();
    ClusterRouter r = ClusterRouter.create(membership, shardConfig.shards(), started, local, peers,
        scheduler, commits, new ServingEvents() {
          @Override
          public void commit(Duration took) {
            events.commit(took);
          }

          @Override
          public void duplicateRequest() {
            events.duplicateRequest();
          }

          @Override
          public void activated(int shard) {
            events.activated(shard);
            failovers.activated(new ShardId(shard), clock.nanoTime());
          }
        });
    router = r;
    membership.addListener(this::onView);
    membership.start();
    scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    if (remote != null) {
      remote.start();
    }
    this.started = true;
  }

  /** Why this node may not serve cluster-scoped names now, or empty. */
  public Optional<String> notReadyReason() {
    if (!started) {
      return Optional.of("not joined");
    }
    ClusterRouter r = router;
    if (r != null && r.isLeaving()) {
      return Optional.of("leaving");
    }
    Membership view = membership.current();
    if (!view.hasQuorum()) {
      return Optional.of("no quorum: " + view.describe());
    }
    if (!formed) {
      return Optional.of("shards not formed: waiting for " + config.expectedSize() + " members ("
          + view.describe() + ")");
    }
    ShardReplicas rs = replicas;
    int leaderless = 0;
    int hosted = 0;
    if (rs != null) {
      for (ShardId s : rs.hosted()) {
        if (!rs.isVoter(s)) {
          continue; // being added or left out: it waits for no leader of its own
        }
        hosted++;
        if (rs.leader(s).isEmpty()) {
          leaderless++;
        }
      }
    }
    return leaderless == 0 ? Optional.empty()
        : Optional.of(leaderless + " of " + hosted + " hosted shards have no leader yet");
  }

  private void onShardEvent(ShardEvent event) {
    ClusterRouter r = router;
    if (event instanceof ShardEvent.LeaderElected e) {
      failovers.elected(e.shard(), e.leader(), clock.nanoTime());
    } else if (event instanceof ShardEvent.LeadingReady e) {
      events.shardLeader(e.shard().value(), true);
      log.info("event=shard_leading node={} shard={} term={}", config.nodeName(),
          e.shard().value(), e.term());
    } else if (event instanceof ShardEvent.LeadingLost e) {
      events.shardLeader(e.shard().value(), false);
      if (r != null) {
        r.leadingLost(e.shard());
      }
      log.info("event=shard_leading_lost node={} shard={} term={}", config.nodeName(),
          e.shard().value(), e.term());
    }
  }

  private void onView(Membership view) {
    Membership prev = last;
    last = view;
    ClusterRouter r = router;
    if (r != null) {
      r.viewChanged(view);
    }
    List<Member> keep = new ArrayList<>(view.members());
    List<Member> f = founders;
    if (f != null) {
      keep.addAll(f); // a founder may lead shards while the view lacks it
    }
    peers.retain(keep);
    if (prev != null) {
      Set<String> now = new HashSet<>();
      view.members().forEach(m -> now.add(m.name()));
      for (Member gone : prev.members()) {
        if (!now.contains(gone.name())) {
          lost(gone, view);
        }
      }
    }
    if (!formed && view.size() >= config.expectedSize()) {
      scheduler.execute(() -> tryForm(view));
    }
  }

  private void lost(Member gone, Membership view) {
    int led = failovers.lost(gone.name(), clock.nanoTime());
    events.failover(gone.name());
    log.info("event=member_lost node={} lost={} shards_it_led={} {}", config.nodeName(),
        gone.name(), led, view.describe());
  }

  /**
   * Forms the shards if nobody has: asks every other member of {@code view} for its founders. One
   * that has formed answers them, and this node adopts them (hosting its placed replicas if it is
   * one of them, nothing otherwise); if every member answers that it has not formed, the founders
   * are the first {@code --expected-size} members of the view. A member that does not answer
   * leaves the question for the next round (every second).
   */
  private void tryForm(Membership view) {
    if (formed || view.size() < config.expectedSize() || !forming.compareAndSet(false, true)) {
      return;
    }
    List<Member> others = view.members().stream().filter(m -> !m.equals(view.self())).toList();
    AtomicInteger left =
        new AtomicInteger(others.size());
    AtomicBoolean failed = new AtomicBoolean();
    AtomicReference<List<Member>> known =
        new AtomicReference<>();
    Runnable decide = () -> {
      try {
        if (known.get() != null) {
          formWith(known.get(), "adopted");
        } else if (!failed.get()) {
          formWith(List.copyOf(view.members().subList(0, config.expectedSize())), "new");
        }
      } finally {
        forming.set(false);
      }
    };
    if (others.isEmpty()) {
      decide.run();
      return;
    }
    for (Member m : others) {
      askShards(m, reply -> {
        if (reply == null) {
          failed.set(true);
        } else {
          List<Member> f = Founders.fromProto(reply.getFoundersList());
          if (!f.isEmpty()) {
            known.compareAndSet(null, f);
          }
        }
        if (left.decrementAndGet() == 0) {
          decide.run();
        }
      });
    }
  }

  private void askShards(Member m, Consumer<@Nullable ShardsReply> then) {
    peers.stub(m).withDeadlineAfter(1, TimeUnit.SECONDS).shards(
        ShardsRequest.getDefaultInstance(),
        new StreamObserver<>() {
          @Override
          public void onNext(ShardsReply reply) {
            then.accept(reply);
          }

          @Override
          public void onError(Throwable t) {
            then.accept(null);
          }

          @Override
          public void onCompleted() {}
        });
  }

  /** What this node tells a member asking {@code Peer.Shards}. */
  public ShardsReply shardsReply() {
    ShardsReply.Builder b = ShardsReply.newBuilder();
    List<Member> f = founders;
    if (f != null) {
      b.addAllFounders(Founders.toProto(f));
    }
    shardLeaders().forEach((shard, leader) -> {
      if (!leader.isEmpty()) {
        b.putLeaders(shard, leader);
      }
    });
    return b.build();
  }

  /**
   * A node that does not host every shard learns their leaders from another member (the shards
   * that one hosts), every second.
   */
  private void refreshHints() {
    ShardReplicas rs = replicas;
    ClusterRouter r = router;
    if (rs == null || r == null || !formed
        || rs.hosted().size() >= shardConfig.shards().count()) {
      return;
    }
    Membership view = membership.current();
    List<Member> ask = view.members().stream()
        .filter(m -> !m.name().equals(config.nodeName())).toList();
    if (ask.isEmpty()) {
      return;
    }
    Member m = ask.get(ThreadLocalRandom.current().nextInt(ask.size()));
    askShards(m, reply -> {
      if (reply != null) {
        r.learnLeaders(reply.getLeadersMap());
      }
    });
  }

  private void tick() {
    try {
      Membership view = membership.current();
      if (!formed) {
        tryForm(view);
      }
      refreshHints();
      ShardReplicas rs = replicas;
      if (formed && rs != null) {
        rs.reapClosed();
        shardMembership.tick(view, rs);
      }
    } catch (RuntimeException e) {
      log.warn("event=cluster_tick_failed node={} error=\"{}\"", config.nodeName(), e.toString());
    }
  }

  /** Hosts this node's replicas of every shard placed over {@code chosen}, and remembers them. */
  private synchronized void formWith(List<Member> chosen, String how) {
    if (formed) {
      return;
    }
    Optional<Member> noRaft = chosen.stream().filter(m -> m.raft().isEmpty()).findFirst();
    if (noRaft.isPresent()) {
      log.error("event=shards_not_formed node={} reason=\"founder {} runs no Raft server\"",
          config.nodeName(), noRaft.get());
      return;
    }
    try {
      Founders.save(shardConfig.dataDir(), chosen);
    } catch (IOException e) {
      log.error("event=shards_not_formed node={} reason=\"cannot save the founders: {}\"",
          config.nodeName(), e.toString());
      return;
    }
    founders = chosen;
    formed = true;
    ShardReplicas rs = replicas();
    Shards shards = shardConfig.shards();
    int hosted = 0;
    for (ShardId shard : shards.all()) {
      List<Member> placed = shards.replicasOf(shard, chosen);
      if (placed.stream().noneMatch(m -> m.name().equals(config.nodeName()))) {
        continue;
      }
      List<ShardPeer> group = placed.stream()
          .map(m -> new ShardPeer(m.name(), m.raft().orElseThrow())).toList();
      hosted++;
      rs.host(shard, group).exceptionally(e -> {
        log.error("event=shard_host_failed node={} shard={} error=\"{}\"", config.nodeName(),
            shard.value(), e.toString());
        return null;
      });
    }
    log.info("event=shards_formed node={} how={} founders={} shards={} hosted={}",
        config.nodeName(), how, chosen.stream().map(Member::name).toList(), shards.count(), hosted);
  }

  /**
   * Graceful leave: stop serving cluster-scoped names (callers elsewhere retry on the new
   * leaders), stop hosted remote children, close the Raft server (each replica snapshots; the
   * other replicas elect new leaders), then leave the group. Blocks at most about {@code timeout}.
   */
  public void leave(Duration timeout) {
    ClusterRouter r = router;
    RemoteSupervision rs = remote;
    if (r != null) {
      r.startLeaving();
      r.stopAll("leaving").await(
          Deadline.after(timeout, clock).atNanos(),
          IdleStrategy.parking());
    }
    if (rs != null) {
      rs.leave(); // hosted children restart on other nodes at once
    }
    closeReplicas();
    membership.close();
    log.info("event=left node={}", config.nodeName());
  }

  private void closeReplicas() {
    ShardReplicas rs = replicas;
    if (rs != null) {
      try {
        rs.close();
      } catch (IOException | RuntimeException e) {
        log.warn("event=raft_close_failed node={} error=\"{}\"", config.nodeName(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    RemoteSupervision rs = remote;
    if (rs != null) {
      rs.close();
    }
    scheduler.shutdownNow(); // first: no tick may act on replicas while they close
    closeReplicas();
    commits.shutdownNow();
    membership.close();
    peers.close();
    PeerPlane p = plane;
    if (p != null) {
      p.close();
    }
  }

  private @Nullable Membership viewOrNull() {
    try {
      return membership.current();
    } catch (IllegalStateException notStarted) {
      return null;
    }
  }
}
