package io.switchboard.cluster.routing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledFuture;
import io.switchboard.proto.v1.PeerGrpc;
import io.grpc.Status;
import io.grpc.ClientCall;
import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.MembershipService;
import io.switchboard.cluster.shard.RequestId;
import io.switchboard.cluster.shard.ShardId;
import io.switchboard.cluster.shard.ShardReplicas;
import io.switchboard.cluster.shard.Shards;
import io.switchboard.cluster.transport.GrpcDeadlines;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.cluster.transport.PeerClients;
import io.switchboard.proto.v1.ForwardReply;
import io.switchboard.proto.v1.ForwardRequest;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.Template;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Routes inputs for cluster-scoped names to the Raft leader of the name's shard, from any node.
 *
 * <h2>Rules</h2>
 *
 * <ol>
 *   <li>A name belongs to shard {@code XXH64(name) mod S} ({@link Shards#shardOf}); the shard's
 *       Raft leader serves it ({@link ShardServing}). No view, lease or epoch decides ownership:
 *       a deposed leader cannot commit, so it cannot acknowledge a REPLICATED input.
 *   <li>Where the leader is: this node's own replica knows it ({@link ShardReplicas#leader}); for a
 *       shard this node holds no replica of, the node that answered the last forward ({@code
 *       ForwardReply.node}) is remembered; with neither, the shard's first placed replica is
 *       asked, which forwards once more. At most {@value #MAX_HOPS} hops.
 *   <li>Every input carries a request id: the caller's, or 16 random bytes made here once per
 *       logical call, so that the retries below are never applied twice to a REPLICATED name.
 *   <li>Retries (no leader yet, a leader that moved, a member that does not answer) are bounded:
 *       at most {@value #MAX_ATTEMPTS} attempts, backoff 10 ms doubling to 200 ms, one forward
 *       waits at most {@value #ATTEMPT_MILLIS} ms (so a paused leader does not eat the caller's
 *       whole deadline), and an attempt is not started with less than {@value #MIN_LEFT_MILLIS}
 *       ms left: the caller gets the last error instead ({@code UNAVAILABLE} within its deadline).
 *       At most {@value #MAX_PENDING_RETRIES} retries wait at once per node (then {@code
 *       Overloaded}).
 * </ol>
 *
 * <p>Thread-safe; no method blocks: replies complete promises on gRPC, loop, Raft or retry
 * threads.
 */
public final class ClusterRouter implements Router {
  static final int MAX_ATTEMPTS = 40;
  static final int MAX_PENDING_RETRIES = 10_000;
  static final int MAX_HOPS = 2;
  static final long ATTEMPT_MILLIS = 1_000;
  static final long MIN_LEFT_MILLIS = 100;
  private static final SecureRandom IDS = new SecureRandom();
  /** How long before the caller's deadline an unanswered input is answered {@code Unavailable}. */
  private static final long DEADLINE_MARGIN_NANOS = 20_000_000;

  private final MembershipService membership;
  private final Shards shards;
  private final ShardReplicas replicas;
  private final ShardServing serving;
  private final LocalServers local;
  private final PeerClients peers;
  private final ScheduledExecutorService scheduler;
  private final Semaphore pendingRetries = new Semaphore(MAX_PENDING_RETRIES);
  /** Leaders of shards this node holds no replica of, learnt from forwards. */
  private final Map<ShardId, String> hints = new ConcurrentHashMap<>();
  /**
   * Every member seen in a view, by name: a shard's leader is dialled even when the current view
   * lacks it (membership and Raft can disagree for a while; Raft decides who serves).
   */
  private final Map<String, Member> seen = new ConcurrentHashMap<>();
  private volatile boolean leaving;

  ClusterRouter(MembershipService membership, Shards shards, ShardReplicas replicas,
      ShardServing serving, LocalServers local, PeerClients peers,
      ScheduledExecutorService scheduler) {
    this.membership = membership;
    this.shards = shards;
    this.replicas = replicas;
    this.serving = serving;
    this.local = local;
    this.peers = peers;
    this.scheduler = scheduler;
  }

  /** Builds the router and the leader side it serves through. */
  public static ClusterRouter create(MembershipService membership, Shards shards,
      ShardReplicas replicas, LocalServers local, PeerClients peers,
      ScheduledExecutorService scheduler, java.util.concurrent.Executor commits,
      ServingEvents events) {
    ShardServing serving = new ShardServing(replicas, shards, local, commits, events);
    return new ClusterRouter(membership, shards, replicas, serving, local, peers, scheduler);
  }

  /** How many cluster-scoped servers run here now. */
  public int activeCount() {
    return serving.runningCount();
  }

  /** Remembers the members of {@code view} (called on every view). */
  public void viewChanged(Membership view) {
    view.members().forEach(m -> seen.put(m.name(), m));
  }

  /** Leaders of shards this node hosts no replica of, as a member that hosts them reported. */
  public void learnLeaders(Map<Integer, String> leaders) {
    leaders.forEach((shard, leader) -> {
      if (shard >= 0 && shard < shards.count()) {
        ShardId id = new ShardId(shard);
        if (!replicas.hosted().contains(id)) {
          hints.put(id, leader);
        }
      }
    });
  }

  /** This node stopped leading {@code shard}: its servers stop at once. */
  public void leadingLost(ShardId shard) {
    serving.leadingLost(shard);
  }

  /** From now on, this node serves nothing cluster-scoped itself (graceful leave). */
  public void startLeaving() {
    leaving = true;
  }

  public boolean isLeaving() {
    return leaving;
  }

  /** Stops every cluster-scoped server here (leave, close). */
  public Promise<Void> stopAll(String why) {
    return serving.stopAll(why);
  }

  // ------------------------------------------------------------------ public entry points

  @Override
  public Route route(String name) {
    Template template = local.template(name);
    if (!LocalServers.clusterScoped(template)) {
      return local.router().route(name, template);
    }
    return new Route() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String kind() {
        return template.kind();
      }

      @Override
      public Promise<byte[]> call(byte[] payload, Deadline deadline) {
        return call(payload, null, deadline);
      }

      @Override
      public Promise<Void> cast(byte[] payload, Deadline deadline) {
        return cast(payload, null, deadline);
      }

      @Override
      public Promise<byte[]> call(byte[] payload, byte @Nullable [] requestId, Deadline deadline) {
        Promise<byte[]> out = bounded(name, deadline);
        attempt(new Input(name, template, payload, false, idOf(requestId), deadline), 0, out);
        return out;
      }

      @Override
      public Promise<Void> cast(byte[] payload, byte @Nullable [] requestId, Deadline deadline) {
        Promise<byte[]> out = bounded(name, deadline);
        attempt(new Input(name, template, payload, true, idOf(requestId), deadline), 0, out);
        return out.map(ignored -> null);
      }
    };
  }

  /**
   * A node-local name is killed here; a cluster-scoped one only by its shard's leader, in turn
   * with the name's inputs ({@link ShardServing#kill}); elsewhere {@code NotFound}, so the caller
   * asks {@link #whereIs}.
   */
  @Override
  public Promise<Void> kill(String name, ExitReason reason) {
    Template template = local.template(name);
    if (!LocalServers.clusterScoped(template)) {
      return local.kill(name, reason);
    }
    ShardId shard = shards.shardOf(name);
    if (!replicas.isLeader(shard)) {
      return Promise.completed(new Reply.NotFound<>("'" + name + "' runs on the leader of shard "
          + shard.value() + ", not here"));
    }
    return serving.kill(name, template, reason);
  }

  /** The name of the member this node believes leads {@code name}'s shard, if any. */
  Optional<String> leaderName(String name) {
    return leaderOf(shards.shardOf(name)).map(Member::name);
  }

  /** The leader of {@code name}'s shard as this node knows it, or {@code Unavailable}. */
  @Override
  public Reply<Location> whereIs(String name) {
    if (!local.isClusterScoped(name)) {
      return local.router().whereIs(name);
    }
    ShardId shard = shards.shardOf(name);
    Optional<Member> leader = leaderOf(shard);
    if (leader.isEmpty()) {
      return new Reply.Unavailable<>("no leader known for shard " + shard.value() + " of '"
          + name + "'");
    }
    return Reply.ok(new Location(leader.get().name(), leader.get().endpoint().toString()));
  }

  /**
   * A promise that completes with {@code Unavailable} just before the caller's deadline if nothing
   * answered by then: a shard without a majority (this node on the minority side, a deposed
   * leader) must not keep the caller past it, and gRPC's own {@code DEADLINE_EXCEEDED} would come
   * a moment later. The outcome of an input that reached a leader is unknown then, so a retry
   * must reuse its request id.
   */
  private Promise<byte[]> bounded(String name, Deadline deadline) {
    Promise<byte[]> out = new Promise<>();
    long remaining = deadline.remainingNanos();
    long margin = Math.min(DEADLINE_MARGIN_NANOS, remaining / 10);
    try {
      java.util.concurrent.ScheduledFuture<?> timer = scheduler.schedule(() -> out.complete(
              new Reply.Unavailable<>("no leader of the shard of '" + name + "' answered within "
                  + "the deadline (if it reached one, it may still apply: retry with the same "
                  + "request id)")),
          Math.max(0, remaining - margin), TimeUnit.NANOSECONDS);
      out.whenComplete(r -> timer.cancel(false));
    } catch (RejectedExecutionException e) {
      out.complete(new Reply.Unavailable<>("node is stopping"));
    }
    return out;
  }

  private static RequestId idOf(byte @Nullable [] requestId) {
    if (requestId != null && requestId.length > 0) {
      return new RequestId(ByteString.copyFrom(requestId));
    }
    byte[] made = new byte[16];
    IDS.nextBytes(made);
    return new RequestId(ByteString.copyFrom(made));
  }

  // ------------------------------------------------------------------ routing

  private void attempt(Input in, int n, Promise<byte[]> out) {
    if (in.deadline.isExpired()) {
      out.complete(new Reply.Timeout<>("deadline passed while routing '" + in.name + "'"));
      return;
    }
    deliver(in, 0, NOT_FORWARDED).whenComplete(r -> {
      if (retryable(r, in) && n + 1 < MAX_ATTEMPTS) {
        retryLater(in, n + 1, out, r);
      } else {
        out.complete(r);
      }
    });
  }

  /** Unavailable, or a forward attempt that ran out of its own bound before the caller's. */
  private static boolean retryable(Reply<byte[]> r, Input in) {
    return r instanceof Reply.Unavailable<byte[]>
        || r instanceof Reply.Timeout<byte[]> && !in.deadline.isExpired();
  }

  /** Serves here when this node leads the shard, else forwards to the leader it knows. */
  private Promise<byte[]> deliver(Input in, int hops, Runnable accepted) {
    ShardId shard = shards.shardOf(in.name);
    if (replicas.isLeader(shard)) {
      if (leaving) {
        return Promise.completed(new Reply.Unavailable<>("node is leaving"));
      }
      return serving.serve(in.name, in.template, in.payload, in.cast, in.id, in.deadline,
          accepted);
    }
    Optional<Member> to = leaderOf(shard);
    if (to.isEmpty()) {
      return Promise.completed(new Reply.Unavailable<>(
          "no leader known for shard " + shard.value() + " of '" + in.name + "'"));
    }
    return forward(to.get(), shard, in, hops, accepted);
  }

  /**
   * The member this node believes leads {@code shard}: its replica's view when it holds one, else
   * the last leader learnt from another member or a forward.
   */
  public Optional<String> knownLeader(ShardId shard) {
    return replicas.hosted().contains(shard)
        ? replicas.leader(shard) : Optional.ofNullable(hints.get(shard));
  }

  /**
   * Where to send {@code shard}'s inputs: its leader by this node's replica, else the last leader
   * learnt from a forward, else the first of its placed replicas other than this node.
   */
  private Optional<Member> leaderOf(ShardId shard) {
    Membership view = membership.current();
    String self = view.self().name();
    Optional<String> leader = replicas.hosted().contains(shard)
        ? replicas.leader(shard) : Optional.ofNullable(hints.get(shard));
    if (leader.isPresent() && !leader.get().equals(self)) {
      Optional<Member> m = view.member(leader.get());
      if (m.isEmpty()) {
        m = Optional.ofNullable(seen.get(leader.get()));
      }
      if (m.isPresent()) {
        return m;
      }
    }
    if (leader.isPresent() && leader.get().equals(self) && replicas.isLeader(shard)) {
      return Optional.of(view.self());
    }
    List<Member> placed = shards.replicasOf(shard, view.members());
    return placed.stream().filter(m -> !m.name().equals(self)).findFirst();
  }

  private void retryLater(Input in, int n, Promise<byte[]> out, Reply<byte[]> why) {
    long backoff = Math.min(200, 10L << Math.min(n, 5)) * 1_000_000L;
    if (in.deadline.remainingNanos() <= backoff + MIN_LEFT_MILLIS * 1_000_000L) {
      out.complete(why instanceof Reply.Timeout<byte[]> t
          ? new Reply.Unavailable<>("'" + in.name + "': " + t.message()) : why);
      return;
    }
    if (!pendingRetries.tryAcquire()) {
      out.complete(new Reply.Overloaded<>("too many calls waiting for a shard leader"));
      return;
    }
    try {
      scheduler.schedule(() -> {
        pendingRetries.release();
        attempt(in, n, out);
      }, backoff, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      pendingRetries.release();
      out.complete(why);
    }
  }

  /**
   * An input forwarded here by another node ({@code Peer.Forward}): served here when this node
   * leads the shard, else forwarded once more while hops remain, else {@code Unavailable}.
   */
  Promise<byte[]> serveForwarded(String name, byte[] payload, boolean cast,
      @Nullable RequestId id, int hops, Deadline deadline, Runnable accepted) {
    Template template = local.template(name);
    if (!LocalServers.clusterScoped(template)) {
      Route route = local.router().route(name, template);
      return cast ? route.cast(payload, deadline).map(ignored -> null)
          : route.call(payload, deadline);
    }
    Input in = new Input(name, template, payload, cast, id != null ? id : idOf(null), deadline);
    ShardId shard = shards.shardOf(name);
    if (replicas.isLeader(shard) || hops < MAX_HOPS) {
      return deliver(in, hops + 1, accepted);
    }
    return Promise.completed(new Reply.Unavailable<>("not the leader of shard " + shard.value()
        + " and forwarded " + hops + " times already"));
  }

  /**
   * Forwards one attempt to {@code to}. The call carries the caller's deadline, but an attempt
   * that has seen no sign of life within {@value #ATTEMPT_MILLIS} ms is cancelled (a paused
   * leader must not eat the whole deadline) and may be retried; once the other node acknowledged
   * it ({@link io.switchboard.cluster.transport.ForwardAcks}: its leader handed the input to the
   * server), it waits for the reply — a deferred one too — and is not retried. {@code accepted}
   * passes that acknowledgement on to the node that forwarded here.
   */
  private Promise<byte[]> forward(Member to, ShardId shard, Input in, int hops,
      Runnable accepted) {
    Promise<byte[]> out = new Promise<>();
    ForwardRequest req = ForwardRequest.newBuilder().setName(in.name)
        .setPayload(ByteString.copyFrom(in.payload)).setCast(in.cast)
        .setRequestId(in.id.bytes())
        .setFromNode(membership.current().self().name()).setHops(hops).build();
    PeerGrpc.PeerStub stub = peers.stub(to).withDeadline(GrpcDeadlines.toGrpc(in.deadline));
    ClientCall<ForwardRequest, ForwardReply> call =
        stub.getChannel().newCall(PeerGrpc.getForwardMethod(), stub.getCallOptions());
    AtomicBoolean acknowledged = new AtomicBoolean();
    ScheduledFuture<?> watch;
    try {
      watch = scheduler.schedule(() -> {
        if (!acknowledged.get()) {
          call.cancel("no sign of life from " + to.name() + " within " + ATTEMPT_MILLIS + " ms",
              null);
        }
      }, Math.min(ATTEMPT_MILLIS, Math.max(1, in.deadline.remainingNanos() / 1_000_000)),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return Promise.completed(new Reply.Unavailable<>("node is stopping"));
    }
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onHeaders(io.grpc.Metadata headers) {
        acknowledged.set(true);
        accepted.run();
      }

      @Override
      public void onMessage(ForwardReply reply) {
        if (!reply.getNode().isEmpty()) {
          hints.put(shard, reply.getNode());
        }
        out.complete(Reply.ok(reply.getPayload().toByteArray()));
      }

      @Override
      public void onClose(Status status, io.grpc.Metadata trailers) {
        watch.cancel(false);
        if (out.isDone()) {
          return;
        }
        hints.remove(shard, to.name());
        if (status.getCode() == Status.Code.CANCELLED && !acknowledged.get()
            && !in.deadline.isExpired()) {
          out.complete(new Reply.Timeout<>("forward to " + to.name() + ": no answer within "
              + ATTEMPT_MILLIS + " ms"));
        } else {
          out.complete(GrpcReplies.fromStatus(status, in.name, to.name()));
        }
      }
    }, new io.grpc.Metadata());
    call.sendMessage(req);
    call.halfClose();
    call.request(1);
    return out;
  }

  /** What a call made on this node acknowledges: nothing (no node forwarded it here). */
  private static final Runnable NOT_FORWARDED = () -> {};

  /** One input on its way, with everything a retry needs. */
  private record Input(String name, Template template, byte[] payload, boolean cast, RequestId id,
      Deadline deadline) {}
}
