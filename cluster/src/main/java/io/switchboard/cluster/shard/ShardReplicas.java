package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;
import io.switchboard.cluster.membership.HostPort;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's replicas of the cluster's shards: one Ratis {@link RaftServer} on the peer port,
 * hosting one Raft group per shard it holds a replica of, each with a {@link ShardStateMachine}.
 *
 * <p>What it offers the leader side: {@link #commit} an entry and learn when a majority has it,
 * {@link #read} a name's committed state (linearizable), {@link #isLeader}/{@link #leaderTerm} to
 * fence, and {@link ShardEvent}s when leadership moves. What it leaves to its caller: deciding
 * which shards this node hosts ({@link #host}, {@link #leave}; from {@link Shards#replicasOf} and
 * membership), stepping servers, and routing.
 *
 * <p>Threads: every method may be called from any thread. {@link #commit} and the reads never
 * throw for operating errors and never wait for Raft: they return a future that completes with a
 * {@link ShardReply} within the configured bound (on a Ratis thread or the JDK's timeout thread, so
 * chain only short work on it). They do block the caller while Ratis admits the request: a
 * hand-off to the group's client executor and back (expected tens of microseconds when idle,
 * 0.5–2 ms measured on a loaded 2-core one, longer when its queues are full), so an event loop
 * should hand commits to another thread or batch them. Events go to the listener on one thread of
 * this class, in order.
 */
public final class ShardReplicas implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ShardReplicas.class);

  static {
    // Ratis "terminates" the JVM on some start failures (a taken port among them); a node must
    // fail with a clear error of its own and close what it started instead
    org.apache.ratis.util.ExitUtils.disableSystemExit();
  }

  /** Leadership events waiting for the listener; a full queue drops (and logs) the newest. */
  private static final int EVENT_QUEUE = 10_000;

  /** Pending reconfigurations and removals; past it a new one fails (retried next second). */
  private static final int ADMIN_QUEUE = 256;

  /** Bound on committing one configuration change (new replicas catch up first). */
  private static final java.time.Duration RECONFIGURE_BOUND = java.time.Duration.ofSeconds(30);

  private final ShardConfig config;
  private final ShardGroups groups;
  private final RaftServer server;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final Map<ShardId, ShardStateMachine> machines = new ConcurrentHashMap<>();
  /**
   * Shards whose replica runs (recovered at start, or added and started): only these are asked
   * for their division, because Ratis' {@code getDivision} waits for a group still being added,
   * and group adds are serialised per server (seconds each on a loaded machine).
   */
  private final java.util.Set<ShardId> running = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor events;
  /** Reconfigurations and stale-replica removals: they wait on other members, one at a time. */
  private final ThreadPoolExecutor admin;
  private final RaftProperties clientProperties;
  /** TLS and the services sharing the port, for the server and the admin clients alike. */
  private final org.apache.ratis.conf.Parameters parameters;
  private final Consumer<ShardEvent> listener;
  /** Set first by {@link #close}: replicas closed from then on are not Raft's doing. */
  private volatile boolean closed;

  private ShardReplicas(ShardConfig config, Consumer<ShardEvent> listener,
      RaftTransport transport) throws IOException {
    this.config = config;
    this.parameters = transport.parameters();
    this.groups = new ShardGroups(config.clusterName(), config.shards());
    this.listener = listener;
    this.events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(EVENT_QUEUE), r -> {
          Thread t = new Thread(r, "shard-events-" + config.member());
          t.setDaemon(true);
          return t;
        }, (r, pool) -> {
          if (!pool.isShutdown()) {
            LOG.error("member={} event=shard-event-dropped queue={}", config.member(), EVENT_QUEUE);
          }
        });
    this.admin = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(ADMIN_QUEUE), r -> {
          Thread t = new Thread(r, "shard-admin-" + config.member());
          t.setDaemon(true);
          return t;
        });
    this.clientProperties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(clientProperties, SupportedRpcType.GRPC);
    RaftClientConfigKeys.Rpc.setRequestTimeout(
        clientProperties, TimeDuration.valueOf(3, TimeUnit.SECONDS));
    this.server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(config.member()))
        .setProperties(RaftSettings.of(config))
        .setParameters(parameters)
        .setStateMachineRegistry(this::newMachine)
        .build();
  }

  /**
   * Starts this node's Raft server on {@code config.peer()} and recovers every group found under
   * the data dir (their replicas rejoin their groups by themselves).
   *
   * @param listener receives leadership changes of every hosted shard, on one thread, in order
   * @throws ShardDataException naming the shard when a replica's data on disk cannot be read (for
   *     example a corrupt snapshot); the server does not start. Move that group's directory aside
   *     and re-add the member to the shard by reconfiguration (not by {@link #host}: a replica that
   *     forgot what it acknowledged must not vote as if it remembered)
   * @throws IOException when the port cannot be bound or storage fails
   */
  public static ShardReplicas start(ShardConfig config, Consumer<ShardEvent> listener)
      throws IOException {
    return start(config, listener, RaftTransport.PLAIN);
  }

  /**
   * {@link #start(ShardConfig, Consumer)} with TLS and the services that share the Raft port.
   *
   * @throws IOException as there
   */
  public static ShardReplicas start(ShardConfig config, Consumer<ShardEvent> listener,
      RaftTransport transport) throws IOException {
    ShardReplicas replicas = new ShardReplicas(config, listener, transport);
    try {
      replicas.server.start();
    } catch (IOException | RuntimeException e) {
      replicas.close();
      Optional<ShardDataException> data = dataError(e);
      if (data.isPresent()) {
        throw new ShardDataException(data.get().shard(), data.get().reason(), e);
      }
      if (inUse(e)) {
        throw new IOException("cannot listen on " + config.peer() + " (--peer-port): the address "
            + "is in use", e);
      }
      throw e;
    }
    replicas.running.addAll(replicas.hosted());
    LOG.info("member={} event=raft-started peer={} groups={}", config.member(), config.peer(),
        replicas.hosted());
    return replicas;
  }

  private ShardStateMachine newMachine(RaftGroupId groupId) {
    ShardId shard = groups.shardOf(groupId).orElseThrow(() -> new IllegalStateException(
        "group " + groupId + " under " + RaftSettings.raftDir(config) + " is no shard of cluster '"
            + config.clusterName() + "' with " + config.shards().count()
            + " shards: --cluster-name or --shards changed? Move the directory away."));
    ShardStateMachine machine = new ShardStateMachine(
        shard, config.requestWindow(), config.maxEntryBytes(), this::publish);
    machines.put(shard, machine);
    return machine;
  }

  private void publish(ShardEvent event) {
    // a replica that reports leadership runs (also one another node added by reconfiguration)
    running.add(event.shard());
    if (!events.isShutdown()) {
      events.execute(() -> {
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          LOG.error("member={} event=shard-listener-failed on={}", config.member(), event, e);
        }
      });
    }
  }

  /** The configuration this node runs with. */
  public ShardConfig config() {
    return config;
  }

  /** The shard layout and group ids. */
  public ShardGroups groups() {
    return groups;
  }

  // ---- which shards this node hosts

  /**
   * Hosts a replica of {@code shard} whose group has exactly {@code peers} (this node among them),
   * the preferred leader first.
   * Every replica of a new group is added this way; they elect a leader once a majority has it.
   * Hosting a shard that is already hosted (for example recovered from the data dir) succeeds and
   * keeps the configuration Raft has.
   *
   * @return completes when the replica runs; exceptionally with the storage or data error
   */
  public CompletableFuture<Void> host(ShardId shard, List<ShardPeer> peers) {
    if (peers.stream().noneMatch(p -> p.member().equals(config.member()))) {
      throw new IllegalArgumentException(
          shard + ": peers " + peers + " must include this member " + config.member());
    }
    // the first peer is the placement's preferred one: Raft priority moves leadership to it once it
    // has caught up, so leaders spread over the members instead of piling on the first to start
    RaftGroup group = group(shard, peers);
    GroupManagementRequest add = GroupManagementRequest.newAdd(
        clientId, server.getId(), callIds.incrementAndGet(), group);
    return server.groupManagementAsync(add).handle((reply, error) -> {
      Throwable cause = unwrap(error);
      if (cause == null && reply.isSuccess() || cause instanceof AlreadyExistsException) {
        running.add(shard);
        return null;
      }
      throw new CompletionException(cause != null ? cause
          : new IOException(shard + ": group add failed: " + reply));
    });
  }

  /**
   * Stops hosting {@code shard} and deletes its directory. Call it after a reconfiguration removed
   * this member from the group: the group committed that change on a majority without it, so
   * nothing in the directory is needed, and a directory left behind would stop this member from
   * ever hosting the shard again (Ratis formats a new replica only into an absent directory).
   */
  public CompletableFuture<Void> leave(ShardId shard) {
    GroupManagementRequest remove = GroupManagementRequest.newRemove(
        clientId, server.getId(), callIds.incrementAndGet(), groups.groupId(shard), true, false);
    running.remove(shard);
    return server.groupManagementAsync(remove).thenAccept(reply -> machines.remove(shard));
  }

  /**
   * Removes the replicas Raft shut down on its own. A member that learns from the log that a
   * reconfiguration left it out (it was replaced while away) closes its replica when it next
   * campaigns, but Ratis keeps the closed group registered: it answers no vote and no append,
   * reports no leader, and refuses to be hosted again ({@code AlreadyExists}), so the member could
   * never be added back. Each one found is removed like {@link #leave}, on the admin thread, so
   * that a later reconfiguration adds this member afresh. Called every second by the node.
   *
   * @return the shards found closed (their removal completes on the admin thread)
   */
  public List<ShardId> reapClosed() {
    List<ShardId> found = new java.util.ArrayList<>();
    if (closed || server.getLifeCycleState() != LifeCycle.State.RUNNING) {
      return found; // closing down: every replica closes, and each must keep its directory
    }
    for (RaftGroupId id : server.getGroupIds()) {
      Optional<ShardId> shard = groups.shardOf(id);
      try {
        if (shard.isEmpty()
            || server.getDivision(id).getInfo().getLifeCycleState() != LifeCycle.State.CLOSED) {
          continue;
        }
      } catch (IOException gone) {
        continue;
      }
      found.add(shard.get());
      LOG.info("member={} event=shard-replica-closed-by-raft shard={} action=remove",
          config.member(), shard.get().value());
      admin(() -> leave(shard.get()).get(RECONFIGURE_BOUND.toMillis(), TimeUnit.MILLISECONDS))
          .exceptionally(e -> {
            LOG.info("member={} event=shard-replica-not-removed shard={} reason=\"{}\"",
                config.member(), shard.get().value(), rootCause(e));
            return null;
          });
    }
    return found;
  }

  // ---- reconfiguration (membership drives the Raft configuration)

  /**
   * The replicas of {@code shard}'s committed configuration as this node sees it, or empty when it
   * does not host the shard or a configuration change is in progress (joint consensus).
   */
  public Optional<List<ShardPeer>> configuration(ShardId shard) {
    if (!running.contains(shard)) {
      return Optional.empty();
    }
    try {
      RaftConfiguration conf = server.getDivision(groups.groupId(shard)).getRaftConf();
      if (!conf.getPreviousPeers().isEmpty()) {
        return Optional.empty();
      }
      List<ShardPeer> peers = new java.util.ArrayList<>();
      for (RaftPeer p : conf.getCurrentPeers()) {
        peers.add(new ShardPeer(p.getId().toString(), HostPort.parse(p.getAddress())));
      }
      return Optional.of(List.copyOf(peers));
    } catch (IOException | RuntimeException notHosted) {
      return Optional.empty();
    }
  }

  /**
   * Changes {@code shard}'s replicas from {@code current} to {@code next} (this node leads it):
   * hosts the group on every added member (Raft then installs a snapshot and the log), commits
   * the new configuration (joint consensus), then removes the group from every removed member
   * that answers, this one included. Runs on a thread of its own, one change at a time.
   *
   * @return completes when the new configuration is committed; exceptionally when a member could
   *     not host the group or the change was refused (not leader, another change in progress)
   */
  public CompletableFuture<Void> reconfigure(ShardId shard, List<ShardPeer> current,
      List<ShardPeer> next) {
    return admin(() -> {
      RaftGroup group = group(shard, next);
      for (ShardPeer p : next) {
        if (current.stream().noneMatch(c -> c.member().equals(p.member()))) {
          remoteAdd(p, group);
        }
      }
      SetConfigurationRequest change = new SetConfigurationRequest(clientId, server.getId(),
          groups.groupId(shard), callIds.incrementAndGet(), group.getPeers().stream().toList());
      RaftClientReply reply;
      try {
        reply = server.setConfigurationAsync(change)
            .get(RECONFIGURE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof IllegalStateException broken) {
          stepDown(shard, broken);
        }
        throw e;
      }
      if (!reply.isSuccess()) {
        throw new IOException(shard + ": configuration " + next + " refused: "
            + reply.getException());
      }
      LOG.info("member={} event=shard-reconfigured shard={} from={} to={}", config.member(),
          shard.value(), names(current), names(next));
      for (ShardPeer p : current) {
        if (next.stream().noneMatch(n -> n.member().equals(p.member()))) {
          removeFrom(shard, p);
        }
      }
    });
  }

  /**
   * Gives up leading {@code shard} after Ratis refused a configuration change with an internal
   * inconsistency: its leader state (made afresh each term) can keep a log sender for a member a
   * failed change left out, and then refuses every change that adds that member back ("Found
   * duplicated element"). Another replica, or this one in a new term, leads with a clean state.
   */
  private void stepDown(ShardId shard, IllegalStateException broken) {
    LOG.warn("member={} event=shard-leader-step-down shard={} reason=\"{}\"", config.member(),
        shard.value(), broken.toString());
    try {
      server.transferLeadershipAsync(new org.apache.ratis.protocol.TransferLeadershipRequest(
          clientId, server.getId(), groups.groupId(shard), callIds.incrementAndGet(), null,
          RECONFIGURE_BOUND.toMillis())).get(RECONFIGURE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("member={} event=shard-leader-step-down-failed shard={} error=\"{}\"",
          config.member(), shard.value(), rootCause(e));
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Removes {@code shard}'s group from {@code peer}, which is not in its configuration: a replica
   * left behind (its member was replaced while away, or an addition did not complete). Deletes
   * the group's directory on that member; a member that does not host the group refuses, which
   * is fine.
   */
  public CompletableFuture<Void> dropStale(ShardId shard, ShardPeer peer) {
    return admin(() -> removeFrom(shard, peer));
  }

  private void removeFrom(ShardId shard, ShardPeer peer) {
    try {
      if (peer.member().equals(config.member())) {
        leave(shard).get(RECONFIGURE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        try (RaftClient c = clientFor(peer, groups.groupId(shard))) {
          c.getGroupManagementApi(RaftPeerId.valueOf(peer.member()))
              .remove(groups.groupId(shard), true, false);
        } catch (GroupMismatchException alreadyGone) {
          return; // it does not host the group (any more): nothing to remove
        }
      }
      LOG.info("member={} event=shard-replica-removed shard={} from={}", config.member(),
          shard.value(), peer.member());
    } catch (Exception e) {
      LOG.info("member={} event=shard-replica-not-removed shard={} from={} at={} reason=\"{}\"",
          config.member(), shard.value(), peer.member(), peer.address(), rootCause(e));
    }
  }

  private static String rootCause(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c == e ? e.toString() : e.getClass().getSimpleName() + ": " + c;
  }

  /**
   * Hosts {@code group} on {@code peer} with an empty configuration, as Ratis adds a member: the
   * new replica stays silent (no election) until the leader's staging sends it the log and the
   * configuration that includes it. Were it given the new configuration instead, it would
   * campaign before the leader committed that configuration, learn it is in no configuration
   * the others know, and shut itself down.
   */
  private void remoteAdd(ShardPeer peer, RaftGroup group) throws IOException {
    try (RaftClient c = clientFor(peer, group.getGroupId())) {
      RaftClientReply reply = c.getGroupManagementApi(RaftPeerId.valueOf(peer.member()))
          .add(RaftGroup.valueOf(group.getGroupId()));
      if (!reply.isSuccess() && !String.valueOf(reply.getException()).contains("AlreadyExists")) {
        throw new IOException(peer.member() + " cannot host " + group.getGroupId() + ": "
            + reply.getException());
      }
    } catch (IOException e) {
      if (!alreadyExists(e)) {
        throw e;
      }
      // it kept its replica (for example it was away and is back): Raft catches it up
    }
  }

  private static boolean alreadyExists(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof AlreadyExistsException) {
        return true;
      }
    }
    return false;
  }

  private RaftClient clientFor(ShardPeer peer, RaftGroupId group) {
    RaftPeer p = raftPeer(peer, 0);
    return RaftClient.newBuilder()
        .setProperties(clientProperties)
        .setParameters(parameters)
        .setClientId(ClientId.randomId())
        .setRaftGroup(RaftGroup.valueOf(group, p))
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
            2, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
        .build();
  }

  private RaftGroup group(ShardId shard, List<ShardPeer> peers) {
    List<RaftPeer> raftPeers = new java.util.ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      raftPeers.add(raftPeer(peers.get(i), i == 0 ? 1 : 0));
    }
    return RaftGroup.valueOf(groups.groupId(shard), raftPeers);
  }

  private static List<String> names(List<ShardPeer> peers) {
    return peers.stream().map(ShardPeer::member).toList();
  }

  /** Work that may block on other members, on the admin thread. */
  private CompletableFuture<Void> admin(AdminWork work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      admin.execute(() -> {
        try {
          work.run();
          done.complete(null);
        } catch (Exception e) {
          done.completeExceptionally(e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException full) {
      done.completeExceptionally(new IOException("reconfiguration queue full", full));
    }
    return done;
  }

  private interface AdminWork {
    void run() throws Exception;
  }

  /** The shards this node hosts a replica of now. */
  public SortedSet<ShardId> hosted() {
    SortedSet<ShardId> hosted = new TreeSet<>();
    for (RaftGroupId id : server.getGroupIds()) {
      groups.shardOf(id).ifPresent(hosted::add);
    }
    return hosted;
  }

  /**
   * Whether this node's replica of {@code shard} runs and is a voter of the configuration it knows:
   * false for a replica being added (it votes once the configuration that adds it commits), one a
   * reconfiguration left out, and one closed or not hosted.
   */
  public boolean isVoter(ShardId shard) {
    try {
      RaftServer.Division d = server.getDivision(groups.groupId(shard));
      return d.getInfo().isAlive() && d.getRaftConf().getCurrentPeers().stream()
          .anyMatch(p -> p.getId().equals(server.getId()));
    } catch (IOException notHosted) {
      return false;
    }
  }

  // ---- leadership

  /** Whether this node leads {@code shard} and has applied everything before its term. */
  public boolean isLeader(ShardId shard) {
    return info(shard).filter(i -> i.isLeader() && i.isLeaderReady()).isPresent();
  }

  /** The term this node leads {@code shard} in (the fencing epoch), if it leads and is ready. */
  public OptionalLong leaderTerm(ShardId shard) {
    Optional<DivisionInfo> info = info(shard).filter(i -> i.isLeader() && i.isLeaderReady());
    return info.isPresent() ? OptionalLong.of(info.get().getCurrentTerm()) : OptionalLong.empty();
  }

  /** The member this replica believes leads {@code shard}, if it knows one. */
  public Optional<String> leader(ShardId shard) {
    return info(shard).map(DivisionInfo::getLeaderId).map(RaftPeerId::toString);
  }

  private Optional<DivisionInfo> info(ShardId shard) {
    if (!running.contains(shard)) {
      return Optional.empty(); // never wait for a group still being added
    }
    try {
      return Optional.of(server.getDivision(groups.groupId(shard)).getInfo());
    } catch (IOException notHosted) {
      return Optional.empty();
    }
  }

  // ---- commits and reads

  /**
   * Appends {@code entry} to the shard's log. The future completes with {@link ShardReply.Ok} only
   * once the entry is committed on a majority and applied on this replica; never exceptionally.
   */
  public CompletableFuture<ShardReply<Committed>> commit(ShardId shard, ShardEntry entry) {
    ByteString bytes = ShardCodec.encode(entry);
    if (bytes.size() > config.maxEntryBytes()) {
      return CompletableFuture.completedFuture(new ShardReply.Refused<>(shard,
          "entry for '" + entry.name() + "' has " + bytes.size() + " bytes, more than the bound "
              + config.maxEntryBytes()));
    }
    return submit(shard, bytes, RaftClientRequest.writeRequestType(), reply -> new Committed(
        reply.getLogIndex(), ShardCodec.decodeResult(shard, content(reply))));
  }

  /** The committed state of {@code name} (linearizable: includes every commit acknowledged). */
  public CompletableFuture<ShardReply<Optional<NameState>>> read(ShardId shard, String name) {
    return submit(shard, ShardCodec.encode(new ShardCodec.Get(name)),
        RaftClientRequest.readRequestType(),
        reply -> ShardCodec.decodeState(shard, content(reply)));
  }

  /** The reply recorded for request {@code id} on {@code name}, if remembered (linearizable). */
  public CompletableFuture<ShardReply<Optional<ByteString>>> recordedReply(
      ShardId shard, String name, RequestId id) {
    return submit(shard, ShardCodec.encode(new ShardCodec.Recorded(name, id)),
        RaftClientRequest.readRequestType(),
        reply -> ShardCodec.decodeRecorded(shard, content(reply)));
  }

  /**
   * This replica's applied state of {@code name}, without asking anyone: possibly behind the
   * leader. For diagnostics and tests, never for answering a client.
   */
  public Optional<NameState> readLocal(ShardId shard, String name) {
    ShardStateMachine machine = machines.get(shard);
    return machine == null ? Optional.empty() : machine.local(name);
  }

  /**
   * The reply this replica has applied for request {@code id} on {@code name}, without asking
   * anyone. On a ready leader that waits for its own commits to apply (as {@link #commit} does),
   * this is every id committed for the name, so the leader may answer from it.
   */
  public Optional<ByteString> recordedLocal(ShardId shard, String name, RequestId id) {
    ShardStateMachine machine = machines.get(shard);
    return machine == null ? Optional.empty() : machine.recordedLocal(name, id);
  }

  private <T> CompletableFuture<ShardReply<T>> submit(ShardId shard, ByteString message,
      RaftClientRequest.Type type, ReplyDecoder<T> decoder) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(server.getId())
        .setGroupId(groups.groupId(shard))
        .setCallId(callIds.incrementAndGet())
        .setMessage(Message.valueOf(RatisBytes.toRatis(message)))
        .setType(type)
        .build();
    CompletableFuture<RaftClientReply> pending;
    try {
      pending = server.submitClientRequestAsync(request);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.completedFuture(RaftReplies.failure(shard, e, config));
    }
    return pending
        .orTimeout(config.commitTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((reply, error) -> error != null
            ? RaftReplies.failure(shard, error, config)
            : RaftReplies.of(shard, reply, decoder));
  }

  private static ByteString content(RaftClientReply reply) {
    return RatisBytes.fromRatis(reply.getMessage().getContent());
  }

  /** Turns a successful Ratis reply into our value. */
  interface ReplyDecoder<T> {
    T decode(RaftClientReply reply) throws ShardDataException;
  }

  // ---- plumbing

  static RaftPeer raftPeer(ShardPeer peer, int priority) {
    return RaftPeer.newBuilder().setId(peer.member()).setAddress(peer.address().toString())
        .setPriority(priority).build();
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean inUse(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.net.BindException
          || String.valueOf(c.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static Optional<ShardDataException> dataError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ShardDataException s) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Closes the Raft server (every group; each takes a final snapshot) and the event thread. */
  @Override
  public void close() throws IOException {
    closed = true;
    admin.shutdownNow();
    try {
      server.close();
    } finally {
      events.shutdown();
    }
  }
}
