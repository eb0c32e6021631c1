package io.switchboard.cluster.remote;

import com.google.protobuf.ByteString;
import io.grpc.Deadline;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.proto.v1.ChildCallReply;
import io.switchboard.proto.v1.ChildCallRequest;
import io.switchboard.proto.v1.PeerGrpc;
import io.switchboard.proto.v1.StartChildReply;
import io.switchboard.proto.v1.StartChildRequest;
import io.switchboard.proto.v1.StopChildReply;
import io.switchboard.proto.v1.StopChildRequest;
import io.switchboard.supervisor.ExitListener;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervising side of remote supervision: what a {@link RemoteHost} does to the remote
 * children of this node's supervisors (start, restart, stop, call, cast, status).
 *
 * <h2>Design</h2>
 *
 * The children ({@link SupervisedChildren}) and the heartbeat links ({@link PeerLinks}) sit behind
 * one lock, held only for short bookkeeping and non-blocking stream writes; RPCs are issued after
 * it is released and their answers come back on gRPC threads. Exits go to the supervisors'
 * {@link ExitListener}s after the lock is released, on the child's local event loop.
 *
 * <p>A remote restart is always a fresh start from the template (there is no restart in place
 * across nodes): the hosting node forgets a child as soon as it exited and reported it. A start
 * or stop whose answer is lost is <em>abandoned</em> on its link: the peer stops that incarnation
 * on the next ping, or fences it with the link.
 *
 * <p>Failures mirror a local host's: a fresh start that fails is forgotten; a restart that fails
 * stays held (exited) only when it crashed, so the supervisor's next attempt is a restart again,
 * else it is forgotten and the next attempt is a fresh start.
 */
final class Supervising {
  private static final Logger log = LoggerFactory.getLogger(Supervising.class);
  /** How long a cast may take to be queued on the hosting node (OTP's default call timeout). */
  private static final Duration CAST_TIMEOUT = io.switchboard.supervisor.Deadline.DEFAULT_TIMEOUT;

  private final RemoteContext ctx;
  private final Object lock = new Object();
  private final Exits exits;
  private final SupervisedChildren children;
  private final PeerLinks links;
  private final Semaphore pendingStarts;
  private final Semaphore inFlightCalls;
  private long nextStartId = 1;
  private boolean closed;

  Supervising(RemoteContext ctx) {
    this.ctx = ctx;
    this.exits = new Exits(ctx);
    this.children = new SupervisedChildren(exits);
    this.links = new PeerLinks(ctx, lock, children, exits);
    this.pendingStarts = new Semaphore(ctx.config().maxPendingStarts());
    this.inFlightCalls = new Semaphore(ctx.config().maxInFlightCalls());
  }

  PeerLinks links() {
    return links;
  }

  // ------------------------------------------------------------------------------ start

  Promise<Void> start(String name, RemoteChild spec, String supervisor, RemotePlacement placement,
      ExitListener listener) {
    SupervisedChild c;
    synchronized (lock) {
      if (closed) {
        return Promise.completed(new Reply.Unavailable<>("remote supervision is closed"));
      }
      if (children.contains(name)) {
        return Promise.completed(new Reply.AlreadyStarted<>(name));
      }
      if (children.size() >= ctx.config().maxChildren()) {
        return Promise.completed(new Reply.Overloaded<>("too many remote children: "
            + children.size()));
      }
      c = new SupervisedChild(name, spec, supervisor, placement, listener);
      children.add(c);
    }
    return launch(c, false);
  }

  Promise<Void> restart(String name) {
    SupervisedChild c;
    synchronized (lock) {
      c = children.get(name);
      if (c == null) {
        return Promise.completed(new Reply.NotFound<>(name));
      }
      if (c.status != ServerStatus.EXITED && c.status != ServerStatus.RESTARTING) {
        return Promise.completed(new Reply.InvalidInput<>("remote child '" + name + "' is "
            + c.status + ", not exited: nothing to restart"));
      }
    }
    return launch(c, true);
  }

  private Promise<Void> launch(SupervisedChild c, boolean restart) {
    List<Runnable> told = new ArrayList<>();
    Member target;
    PeerLink link;
    StartChildRequest req;
    synchronized (lock) {
      if (closed) {
        Reply.Failure<Void> refused = new Reply.Unavailable<>("remote supervision is closed");
        failed(c, restart, refused);
        return Promise.completed(refused);
      }
      Membership view = ctx.viewOrNull();
      Optional<Member> placed = view == null ? Optional.empty()
          : c.placement.choose(c.name, view, links.quarantined());
      Reply.Failure<Void> refused = null;
      if (placed.isEmpty()) {
        refused = new Reply.Unavailable<>("no node for remote child '" + c.name + "' ("
            + c.placement + ", quarantined " + links.quarantined() + ")");
      } else if (!pendingStarts.tryAcquire()) {
        refused = new Reply.Overloaded<>("too many remote starts in flight");
      }
      if (refused != null) {
        failed(c, restart, refused);
        return Promise.completed(refused);
      }
      target = placed.get();
      link = links.linkTo(target, ctx.clock().nanoTime(), told);
      long startId = nextStartId++;
      c.starting(link, startId);
      link.starting++;
      link.idleSince = -1;
      req = StartChildRequest.newBuilder().setSupervisor(c.supervisor)
          .setSupervisorNode(ctx.self()).setChild(c.name).setTemplate(c.spec.template())
          .setArgs(ByteString.copyFrom(c.spec.args())).setEpoch(ctx.epoch()).setLink(link.id)
          .setLeaseMillis((int) ctx.config().lease().toMillis()).setStartId(startId)
          .setLinkEstablished(link.established).build();
    }
    exits.deliver(told);
    Promise<Void> out = new Promise<>();
    Rpc.<StartChildRequest, StartChildReply>unary(c.name, target.name(), req, stub(target,
        ctx.config().startTimeout())::startChild).onComplete(r -> {
          List<Runnable> later = new ArrayList<>();
          Reply<Void> result;
          synchronized (lock) {
            result = started(c, link, req.getStartId(), restart, r, later);
          }
          exits.deliver(later);
          out.complete(result);
        });
    return out;
  }

  /** The answer to a StartChild. Lock held. */
  private Reply<Void> started(SupervisedChild c, PeerLink link, long startId, boolean restart,
      Reply<StartChildReply> r, List<Runnable> told) {
    link.starting--;
    pendingStarts.release();
    boolean current = children.get(c.name) == c && c.startId == startId
        && c.status == ServerStatus.STARTING;
    if (r instanceof Reply.Ok<StartChildReply> ok && current && !link.lost) {
      // the hosting node's grace started when the request arrived, so confirming up to the
      // answer's arrival can only make this side give up later than that node fences
      link.lease.onContact(ctx.clock().nanoTime());
      link.established = true;
      link.children.add(c.name);
      c.running(ok.value().getLoop());
      log.info("event=remote_child_started node={} child={} on={} link={} start_id={}",
          ctx.self(), c.name, link.peer.name(), link.id, startId);
      return Reply.ok(null);
    }
    if (r instanceof Reply.Failure<StartChildReply> f
        && f.message().startsWith(Rpc.NO_SESSION)) {
      links.lose(link, "refused by the peer: " + f.message(), ctx.clock().nanoTime(), told);
    }
    if (r.isOk() || r instanceof Reply.Timeout || r instanceof Reply.Unavailable) {
      links.abandon(link, startId, told); // it may run there: make sure it does not stay
    }
    Reply.Failure<Void> why = r instanceof Reply.Failure<StartChildReply> f
        ? (Reply.Failure<Void>) f.<Void>retype()
        : new Reply.Unavailable<>(current ? "lost the link to " + link.peer.name()
            + " while starting" : "stopped while starting");
    if (current) {
      failed(c, restart, why);
    }
    return why;
  }

  /** A failed start: a fresh one is forgotten; a restart stays held only after a crash. */
  private void failed(SupervisedChild c, boolean restart, Reply.Failure<Void> why) {
    if (restart && why instanceof Reply.Crashed) {
      c.exited();
    } else {
      children.forget(c);
    }
  }

  // ------------------------------------------------------------------------------- stop

  Promise<Void> stop(String name, ExitReason reason) {
    PeerLink link;
    StopChildRequest req;
    synchronized (lock) {
      SupervisedChild c = children.remove(name);
      if (c == null) {
        return Promise.completed(new Reply.NotFound<>(name));
      }
      boolean running = c.status == ServerStatus.RUNNING;
      link = c.link;
      c.status = ServerStatus.STOPPED;
      c.link = null;
      if (!running) {
        return Promise.completed(Reply.ok(null)); // held, or a start in flight (it abandons)
      }
      link.children.remove(name);
      long wait = reason instanceof ExitReason.Killed ? 0 : ctx.config().stopTimeout().toMillis();
      req = StopChildRequest.newBuilder().setSupervisor(c.supervisor).setChild(name)
          .setShutdownMillis((int) wait).setEpoch(ctx.epoch()).setLink(link.id)
          .setStartId(c.startId).build();
    }
    Promise<Void> out = new Promise<>();
    Duration deadline = Duration.ofMillis(req.getShutdownMillis()).plusSeconds(1);
    Rpc.<StopChildRequest, StopChildReply>unary(name, link.peer.name(), req,
        stub(link.peer, deadline)::stopChild).onComplete(r -> {
          List<Runnable> told = new ArrayList<>();
          if (!r.isOk()) {
            synchronized (lock) {
              links.abandon(link, req.getStartId(), told);
            }
          }
          exits.deliver(told);
          out.complete(Reply.ok(null)); // gone, or abandoned: its peer stops it or gets fenced
        });
    return out;
  }

  void markRestarting(String name) {
    synchronized (lock) {
      SupervisedChild c = children.get(name);
      if (c != null && c.status == ServerStatus.EXITED) {
        c.status = ServerStatus.RESTARTING;
      }
    }
  }

  @Nullable ServerStatus status(String name) {
    synchronized (lock) {
      SupervisedChild c = children.get(name);
      return c == null ? null : c.status;
    }
  }

  Optional<String> nodeOf(String name) {
    synchronized (lock) {
      SupervisedChild c = children.get(name);
      return c == null || c.status != ServerStatus.RUNNING ? Optional.empty()
          : Optional.of(c.node);
    }
  }

  /** Where {@code name} runs, is being started, or last ran, while this node supervises it. */
  Optional<RemoteSupervision.Placed> placed(String name) {
    synchronized (lock) {
      SupervisedChild c = children.get(name);
      return c == null || c.node == null ? Optional.empty()
          : Optional.of(new RemoteSupervision.Placed(c.node, c.remoteLoop, c.status,
              c.spec.template()));
    }
  }

  // ------------------------------------------------------------------------------ call, cast

  /** A call ({@code cast} false) or cast to a running remote child; bounded in flight. */
  Promise<byte[]> call(String name, byte[] payload, Duration timeout, boolean cast) {
    ChildCallRequest req;
    Member peer;
    synchronized (lock) {
      SupervisedChild c = children.get(name);
      Reply.Failure<byte[]> refused = refusal(name, c);
      if (refused != null) {
        return Promise.completed(refused);
      }
      if (!inFlightCalls.tryAcquire()) {
        return Promise.completed(new Reply.Overloaded<>("too many calls to remote children"));
      }
      peer = c.link.peer;
      req = ChildCallRequest.newBuilder().setChild(name).setPayload(ByteString.copyFrom(payload))
          .setCast(cast).setLink(c.link.id).setStartId(c.startId).build();
    }
    Promise<byte[]> out = new Promise<>();
    Rpc.<ChildCallRequest, ChildCallReply>unary(name, peer.name(), req,
        stub(peer, timeout)::childCall).onComplete(r -> {
          inFlightCalls.release();
          out.complete(r instanceof Reply.Ok<ChildCallReply> ok
              ? Reply.ok(ok.value().getPayload().toByteArray())
              : ((Reply.Failure<ChildCallReply>) r).retype());
        });
    return out;
  }

  /** Sends a cast: {@code Ok} once sent; errors on the hosting node are logged at debug. */
  Reply<Void> cast(String name, byte[] payload) {
    Promise<byte[]> sent = call(name, payload, CAST_TIMEOUT, true);
    Reply<byte[]> now = sent.peek();
    if (now instanceof Reply.Failure<byte[]> f) {
      return f.retype();
    }
    sent.onComplete(r -> {
      if (r instanceof Reply.Failure<byte[]> f) {
        log.debug("event=remote_cast_failed child={} reply=\"{}\"", name, f.message());
      }
    });
    return Reply.ok(null);
  }

  private static Reply.Failure<byte[]> refusal(String name, SupervisedChild c) {
    if (c == null) {
      return new Reply.NotFound<>(name);
    }
    return switch (c.status) {
      case RUNNING -> null;
      case RESTARTING -> new Reply.Unavailable<>("restarting");
      default -> new Reply.Unavailable<>("remote child '" + name + "' is " + c.status);
    };
  }

  /** Cancels every link (the peers fence the children); later starts are refused. */
  void close() {
    synchronized (lock) {
      closed = true;
    }
    links.close();
  }

  private PeerGrpc.PeerStub stub(Member peer, Duration deadline) {
    return ctx.peers().stub(peer).withDeadline(Deadline.after(Math.max(1, deadline.toNanos()),
        TimeUnit.NANOSECONDS));
  }
}
