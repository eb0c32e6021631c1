package io.switchboard.cluster.routing;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.lease.LeaseKeeper;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.MembershipService;
import io.switchboard.cluster.transport.GrpcDeadlines;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.cluster.transport.PeerClients;
import io.switchboard.proto.v1.ForwardReply;
import io.switchboard.proto.v1.ForwardRequest;
import io.switchboard.proto.v1.ReleaseRequest;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes calls for cluster-scoped names to their owner, from any node.
 *
 * <h2>Rules</h2>
 *
 * <ol>
 *   <li>A name's owner is {@link Membership#owner} of the current view (rendezvous hashing): every
 *       node computes the same owner from the same view, with no registry round trip.
 *   <li>Nothing cluster-scoped is served without a quorum (strict majority of the expected size)
 *       and, on the owner, without the ownership lease ({@link LeaseKeeper}).
 *   <li>A forwarded request carries the sender's epoch; the owner serves it only in the same
 *       epoch. An older epoch is refused ({@code Fenced}); a newer one means the receiver lags
 *       ({@code UNAVAILABLE}). Either way the sender re-resolves and retries.
 *   <li>Before a node first serves a name (activation), it asks the name's previous owner to
 *       release it ({@code Release}): the previous owner stops the server (its {@code terminate}
 *       runs), fences the name and hands back the state. Only then does the new owner start it,
 *       from that state when the server has a state codec, else from {@code init}. After a view
 *       where this node had no quorum (start-up, a merge) the previous owner is unknown here, so it
 *       asks every other member. If a previous owner that is still a member does not answer, the
 *       name is not served (safety before availability) until it answers or is removed from the
 *       view. A previous owner that left the view is a failover: the name restarts from
 *       {@code init} on the new owner.
 *   <li>Retries (ownership moving, a lagging or lapsed peer) are bounded: at most
 *       {@value #MAX_ATTEMPTS} attempts, exponential backoff from 10 ms to 400 ms, always within
 *       the caller's deadline, and at most {@value #MAX_PENDING_RETRIES} retries waiting at once
 *       per node (past it: {@code Overloaded}). A forwarded call is only retried after
 *       {@code UNAVAILABLE} or a fence, which the owner answers before it queues anything.
 * </ol>
 *
 * <p>Thread-safe; no method blocks: replies complete promises on gRPC, loop or retry threads.
 */
public final class ClusterRouter implements Router {
  static final int MAX_ATTEMPTS = 12;
  static final int MAX_PENDING_RETRIES = 10_000;
  static final int MAX_HOPS = 2;
  private static final Logger log = LoggerFactory.getLogger(ClusterRouter.class);

  private final MembershipService membership;
  private final LeaseKeeper lease;
  private final LocalServers local;
  private final PeerClients peers;
  private final ScheduledExecutorService scheduler;
  private final Activations activations = new Activations();
  private final ConcurrentHashMap<String, Promise<Void>> activating = new ConcurrentHashMap<>();
  /** Stops under way per name: an activation waits for them (the old copy must be gone). */
  private final ConcurrentHashMap<String, Promise<byte[]>> releasing = new ConcurrentHashMap<>();
  private final Semaphore pendingRetries = new Semaphore(MAX_PENDING_RETRIES);
  private volatile Membership previous;
  private volatile boolean leaving;

  public ClusterRouter(MembershipService membership, LeaseKeeper lease, LocalServers local,
      PeerClients peers, ScheduledExecutorService scheduler) {
    this.membership = membership;
    this.lease = lease;
    this.local = local;
    this.peers = peers;
    this.scheduler = scheduler;
  }

  Activations activations() {
    return activations;
  }

  /** How many names this node serves now. */
  public int activeCount() {
    return activations.activeCount();
  }

  /**
   * A new view after {@code prev} ({@code null} for the first): gives up every name this node no
   * longer owns or may not serve. When views were missed (this node was paused or cut off while
   * the others moved on, then merged back), whatever it still runs may have been served elsewhere
   * meanwhile: everything is given up and, as if the previous owners were unknown, every member
   * is asked on the next activation.
   */
  public void viewChanged(@Nullable Membership prev, Membership view) {
    if (prev != null && view.epoch() != prev.epoch() + 1) {
      log.warn("event=views_missed node={} from_epoch={} to_epoch={} active={}",
          view.self().name(), prev.epoch(), view.epoch(), activations.activeCount());
      setPrevious(null);
      giveUpAll();
    } else {
      setPrevious(prev);
    }
    onView(view);
  }

  /** The view before the current one (for finding previous owners). */
  void setPrevious(Membership view) {
    previous = view;
  }

  /** From now on, this node forwards everything and activates nothing (graceful leave). */
  public void startLeaving() {
    leaving = true;
  }

  public boolean isLeaving() {
    return leaving;
  }

  // ------------------------------------------------------------------ public entry points

  /**
   * A route for a client of this node. The name's template is resolved here, once: a name that
   * is not cluster-scoped goes to this node's local router; a cluster-scoped one to its owner.
   */
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
        Promise<byte[]> out = new Promise<>();
        attempt(name, template, payload, false, deadline, 0, out);
        return out;
      }

      @Override
      public Promise<Void> cast(byte[] payload, Deadline deadline) {
        Promise<byte[]> out = new Promise<>();
        attempt(name, template, payload, true, deadline, 0, out);
        return out.map(ignored -> null);
      }
    };
  }

  /** The owner of {@code name} in the current view (also without quorum), or NotFound. */
  @Override
  public Reply<Location> whereIs(String name) {
    if (!local.isClusterScoped(name)) {
      return local.router().whereIs(name);
    }
    Member owner = membership.current().owner(name);
    return Reply.ok(new Location(owner.name(), owner.endpoint().toString()));
  }

  // ------------------------------------------------------------------ routing

  private void attempt(String name, Template template, byte[] payload, boolean cast,
      Deadline deadline, int n, Promise<byte[]> out) {
    if (deadline.isExpired()) {
      out.complete(new Reply.Timeout<>("deadline passed while routing '" + name + "'"));
      return;
    }
    Membership view = membership.current();
    if (!view.hasQuorum()) {
      out.complete(new Reply.Unavailable<>("no quorum: " + view.describe()));
      return;
    }
    Member owner = view.owner(name);
    Promise<byte[]> result;
    if (owner.equals(view.self()) && !leaving) {
      result = serveLocally(name, template, payload, cast, view, deadline);
    } else if (owner.equals(view.self())) {
      result = Promise.completed(new Reply.Unavailable<>("node is leaving"));
    } else {
      result = forward(owner, name, payload, cast, view.epoch(), deadline, 0);
    }
    result.whenComplete(r -> {
      if (r instanceof Reply.Unavailable<byte[]> u && n + 1 < MAX_ATTEMPTS) {
        retryLater(name, template, payload, cast, deadline, n + 1, out, u);
      } else {
        out.complete(r);
      }
    });
  }

  private void retryLater(String name, Template template, byte[] payload, boolean cast,
      Deadline deadline, int n, Promise<byte[]> out, Reply.Unavailable<byte[]> why) {
    long backoff = Math.min(400, 10L << Math.min(n, 6)) * 1_000_000L;
    if (deadline.remainingNanos() <= backoff) {
      out.complete(why);
      return;
    }
    if (!pendingRetries.tryAcquire()) {
      out.complete(new Reply.Overloaded<>("too many calls waiting for ownership to settle"));
      return;
    }
    try {
      scheduler.schedule(() -> {
        pendingRetries.release();
        attempt(name, template, payload, cast, deadline, n, out);
      }, backoff, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pendingRetries.release();
      out.complete(why);
    }
  }

  /**
   * A call forwarded here by another node: served here if this node may serve it. The template
   * is resolved once; a name that is not cluster-scoped goes to the local router.
   */
  Promise<byte[]> serveForwarded(String name, byte[] payload, boolean cast, Membership view,
      Deadline deadline) {
    Template template = local.template(name);
    if (!LocalServers.clusterScoped(template)) {
      Route route = local.router().route(name, template);
      return cast ? route.cast(payload, deadline).map(ignored -> null)
          : route.call(payload, deadline);
    }
    return serveLocally(name, template, payload, cast, view, deadline);
  }

  /** Serves on this node, which owns {@code name} in {@code view}: lease, activation, call. */
  private Promise<byte[]> serveLocally(String name, Template template, byte[] payload,
      boolean cast, Membership view, Deadline deadline) {
    if (leaving) {
      return Promise.completed(new Reply.Unavailable<>("node is leaving"));
    }
    String lapsed = lease.reasonInvalid();
    if (lapsed != null) {
      return Promise.completed(new Reply.Unavailable<>(lapsed));
    }
    return activate(name, template, view, deadline).flatMap(activated -> {
      Promise<byte[]> r = cast ? local.cast(name, payload).map(ignored -> null)
          : local.call(name, payload, deadline);
      Promise<byte[]> out = new Promise<>();
      r.whenComplete(reply -> out.complete(reply instanceof Reply.NotFound<byte[]>
          ? new Reply.Unavailable<>("'" + name + "' moved while the call was queued")
          : reply));
      return out;
    });
  }

  private Promise<byte[]> forward(Member owner, String name, byte[] payload, boolean cast,
      long epoch, Deadline deadline, int hops) {
    Promise<byte[]> out = new Promise<>();
    ForwardRequest req = ForwardRequest.newBuilder().setName(name)
        .setPayload(ByteString.copyFrom(payload)).setCast(cast).setEpoch(epoch)
        .setFromNode(membership.current().self().name()).setHops(hops).build();
    peers.stub(owner)
        .withDeadline(GrpcDeadlines.toGrpc(deadline))
        .forward(req, new StreamObserver<>() {
          @Override
          public void onNext(ForwardReply reply) {
            if (reply.hasFenced()) {
              out.complete(new Reply.Unavailable<>("fenced by " + owner.name() + ": "
                  + reply.getFenced().getReason()));
            } else {
              out.complete(Reply.ok(reply.getPayload().toByteArray()));
            }
          }

          @Override
          public void onError(Throwable t) {
            out.complete(GrpcReplies.fromThrowable(t, name, owner.name()));
          }

          @Override
          public void onCompleted() {}
        });
    return out;
  }

  // ------------------------------------------------------------------ activation

  /** Completes Ok once {@code name} runs here and may be served in {@code view}. */
  Promise<Void> activate(String name, Template template, Membership view, Deadline deadline) {
    if (activations.isActive(name)) {
      return Promise.completed(Reply.ok(null));
    }
    if (!activations.mayServe(name, view.epoch())) {
      return Promise.completed(
          new Reply.Unavailable<>("'" + name + "' was released to a newer owner"));
    }
    Promise<Void> f = activating.computeIfAbsent(name, n -> {
      Promise<Void> started = new Promise<>();
      // a stop of this name still under way here (a give-up after a view change) finishes first:
      // its state is parked, and the old copy cannot be mistaken for the new one
      Promise<byte[]> stopping = releasing.get(n);
      Promise<byte[]> before = stopping == null ? Promise.completed(Reply.ok(null)) : stopping;
      before.whenComplete(stopped -> releaseElsewhere(n, view, deadline).whenComplete(state -> {
        if (!(state instanceof Reply.Ok<Optional<byte[]>> handed)) {
          started.complete(((Reply.Failure<?>) state).retype());
          return;
        }
        local.activate(n, template, handed.value().orElse(null)).whenComplete(r -> {
          if (r.isOk()) {
            activations.markActive(n, view.epoch());
            Membership now = membership.current();
            if (now.epoch() != view.epoch() && (!now.owns(n) || !now.hasQuorum())) {
              // the view moved on while we started it: give it up again at once
              giveUp(n, ExitReason.shutdown("moved"));
              started.complete(new Reply.Unavailable<>("'" + n + "' moved during activation"));
              return;
            }
          }
          started.complete(r);
        });
      }));
      return started;
    });
    // registered outside computeIfAbsent: removing inside it would be a recursive update
    f.whenComplete(r -> activating.remove(name, f));
    return f;
  }

  /**
   * Asks the members that may still hold {@code name} to release it; completes with the state to
   * start from (a member's, else this node's own parked copy, else none) or an error when a
   * member that is still in the view could not confirm the release. When the previous owner
   * answers that it never ran the name, everyone else is asked too: the state may sit with an
   * owner from an earlier view.
   */
  private Promise<Optional<byte[]>> releaseElsewhere(String name, Membership view,
      Deadline deadline) {
    List<Member> ask = previousOwners(name, view);
    Activations.Parked mine = activations.takeParked(name);
    byte[] own = mine == null ? null : mine.state();
    ReleaseRequest req = ReleaseRequest.newBuilder().setName(name).setEpoch(view.epoch())
        .setFromNode(view.self().name()).build();
    return ReleaseAsk.ask(peers, ask, req, deadline).flatMap(first -> {
      boolean askedAll = ask.size() == view.size() - 1;
      if (first.failure() != null || first.anyRan() || askedAll) {
        return Promise.completed(Reply.ok(first));
      }
      List<Member> rest = new ArrayList<>(view.members());
      rest.remove(view.self());
      rest.removeAll(ask);
      return ReleaseAsk.ask(peers, rest, req, deadline);
    }).flatMap(o -> {
      if (o.failure() != null) {
        if (own != null) {
          activations.park(name, own, kindOf(name)); // keep it for a later attempt
        }
        return Promise.completed(o.failure().<Optional<byte[]>>retype());
      }
      // a member's state beats this node's own parked copy: it is the newer one
      return Promise.completed(Reply.ok(Optional.ofNullable(o.state() != null ? o.state() : own)));
    });
  }

  /** Who may still serve {@code name}: the previous owner if known and alive, else everyone. */
  private List<Member> previousOwners(String name, Membership view) {
    Membership prev = previous;
    List<Member> out = new ArrayList<>();
    if (prev != null && prev.hasQuorum()) {
      Member p = prev.owner(name);
      if (!p.equals(view.self())) {
        view.member(p.name()).ifPresent(out::add);
        return out;
      }
      // this node owned it in the previous view but does not run it: it may never have started
      // it there (nobody called), so whoever ran it before that still holds it: ask everyone
    }
    for (Member m : view.members()) {
      if (!m.equals(view.self())) {
        out.add(m);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ giving names up

  /** Stops {@code name} here and parks its state for the new owner. */
  Promise<byte[]> giveUp(String name, ExitReason reason) {
    activations.deactivate(name);
    Promise<byte[]> mine = new Promise<>();
    Promise<byte[]> running = releasing.putIfAbsent(name, mine);
    if (running != null) {
      return running; // one stop at a time per name: join the one under way
    }
    local.release(name, reason).whenComplete(r -> {
      if (r instanceof Reply.Ok<byte[]> ok) {
        activations.park(name, ok.value(), kindOf(name));
      }
      releasing.remove(name, mine);
      mine.complete(r);
    });
    return mine;
  }

  /** Gives up every active name (states parked), e.g. after this node missed views. */
  void giveUpAll() {
    for (String name : activations.activeNames()) {
      giveUp(name, ExitReason.shutdown("views missed"));
    }
  }

  /** A new view: give up every active name this node no longer owns or may not serve. */
  void onView(Membership view) {
    for (String name : activations.activeNames()) {
      if (!view.hasQuorum()) {
        giveUp(name, ExitReason.PARTITIONED);
      } else if (!view.owns(name)) {
        giveUp(name, ExitReason.shutdown("moved"));
      }
    }
  }

  /**
   * Graceful leave: stop every active name and push its state to the member that will own it
   * once this node has left (the owner over the view without this node), which parks it until it
   * activates the name. Completes when every push was answered (or failed: then the name restarts
   * from {@code init} on the new owner, and this is logged).
   */
  public CompletableFuture<Void> handOverAll(Deadline deadline) {
    Membership view = membership.current();
    List<Member> rest = new ArrayList<>(view.members());
    rest.remove(view.self());
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (String name : activations.activeNames()) {
      CompletableFuture<Void> one = new CompletableFuture<>();
      all.add(one);
      giveUp(name, ExitReason.shutdown("leaving")).whenComplete(r -> {
        Activations.Parked parked = activations.takeParked(name);
        if (parked == null || rest.isEmpty()) {
          one.complete(null);
          return;
        }
        Member heir = io.switchboard.cluster.membership.Placement.owner(name, rest);
        io.switchboard.proto.v1.HandoverRequest req = io.switchboard.proto.v1.HandoverRequest
            .newBuilder().setName(name).setServerKind(parked.kind())
            .setState(ByteString.copyFrom(parked.state())).setEpoch(view.epoch())
            .setFromNode(view.self().name()).build();
        peers.stub(heir).withDeadline(GrpcDeadlines.toGrpc(deadline))
            .handover(req, new StreamObserver<>() {
              @Override
              public void onNext(io.switchboard.proto.v1.HandoverReply reply) {
                if (!reply.getAccepted()) {
                  log.warn("event=handover_refused name={} to={} reason=\"{}\"", name,
                      heir.name(), reply.getFenced().getReason());
                }
              }

              @Override
              public void onError(Throwable t) {
                log.warn("event=handover_failed name={} to={} error=\"{}\"", name, heir.name(),
                    t.toString());
                one.complete(null);
              }

              @Override
              public void onCompleted() {
                one.complete(null);
              }
            });
      });
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }
}
