package io.switchboard.cluster.remote;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.proto.v1.ChildCallReply;
import io.switchboard.proto.v1.ChildCallRequest;
import io.switchboard.proto.v1.HeartbeatPing;
import io.switchboard.proto.v1.HeartbeatPong;
import io.switchboard.proto.v1.PeerGrpc;
import io.switchboard.proto.v1.StartChildReply;
import io.switchboard.proto.v1.StartChildRequest;
import io.switchboard.proto.v1.StopChildReply;
import io.switchboard.proto.v1.StopChildRequest;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosting side of remote supervision: serves {@code StartChild}, {@code StopChild},
 * {@code ChildCall} and {@code Heartbeat} for the supervisors of other nodes.
 *
 * <h2>Rules</h2>
 *
 * <ol>
 *   <li>Children belong to a <em>link</em> (one supervising process × this node). A link exists
 *       from its first StartChild until it is fenced or closed; a ping for a link this node does
 *       not have (never started, fenced, or this node restarted since) ends the stream with
 *       {@code FAILED_PRECONDITION}, so the supervising node never mistakes a fresh node for one
 *       that still runs its children. A StartChild on an established link is refused the same
 *       way when the link is gone.
 *   <li>Self-fencing: a link that has not pinged within its lease ({@link FenceLease}) is
 *       fenced: its children are stopped with reason {@code noconnection} and the link is
 *       forgotten.
 *   <li>A child that exits is dropped here at once (a remote restart is a fresh start) and its
 *       exit is pushed on the link's stream right away and with the next pong. Exits waiting per
 *       link are bounded; past the bound the link is fenced.
 *   <li>A StartChild for a name held for the same supervising node (an older incarnation or
 *       link) replaces it: that node decided the old one is gone. A name held for anyone else,
 *       or by a local server, is refused.
 *   <li>What a peer may ask is bounded ({@link RemoteConfig}): a lease over
 *       {@link RemoteConfig#MAX_LEASE} is refused ({@code INVALID_ARGUMENT}); heartbeat streams
 *       beyond {@link RemoteConfig#MAX_STREAMS_PER_PEER} per supervising node, or beyond twice
 *       the link bound in all, are refused ({@code RESOURCE_EXHAUSTED}).
 * </ol>
 *
 * <p>Thread-safe; no method blocks: state changes under one short lock, servers are started and
 * stopped through the node's loops, replies complete on loop or gRPC threads.
 */
final class Hosting implements PeerGrpc.AsyncService {
  private static final Logger log = LoggerFactory.getLogger(Hosting.class);

  private final RemoteContext ctx;
  private final Object lock = new Object();
  private final Map<String, HostedLink> links = new HashMap<>();
  private final Map<String, HostedChild> hosted = new HashMap<>();
  private final Map<String, Integer> streamsByPeer = new HashMap<>();
  private int openStreams;
  private final HostedStarts starts;
  private final HostedCalls calls;
  private boolean leaving;

  Hosting(RemoteContext ctx, ScheduledExecutorService timer) {
    this.ctx = ctx;
    this.starts = new HostedStarts(ctx, this);
    this.calls = new HostedCalls(ctx, timer, this);
  }

  // ------------------------------------------------------------------------------ StartChild

  @Override
  public void startChild(StartChildRequest req, StreamObserver<StartChildReply> out) {
    String bad = invalid(req);
    if (bad != null) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(bad).asRuntimeException());
      return;
    }
    HostedChild h;
    HostedChild replaced;
    synchronized (lock) {
      HostedChild existing = hosted.get(req.getChild());
      if (req.getLinkEstablished() && !links.containsKey(req.getLink())) {
        out.onError(noSession(req.getLink()).asRuntimeException());
        return;
      }
      Reply.Failure<Void> refused = refusal(req, existing);
      if (refused != null) {
        out.onError(GrpcReplies.toStatus(refused).asRuntimeException());
        return;
      }
      HostedLink link = links.computeIfAbsent(req.getLink(), id -> new HostedLink(id,
          req.getSupervisorNode(), new FenceLease(ctx.clock().nanoTime(),
              TimeUnit.MILLISECONDS.toNanos(req.getLeaseMillis()))));
      replaced = existing;
      if (replaced != null) {
        detach(replaced);
      }
      h = new HostedChild(req.getChild(), link, req.getStartId(), req.getSupervisor(),
          req.getTemplate());
      hosted.put(h.name, h);
      link.children.add(h.name);
    }
    starts.start(h, replaced, req, out);
  }

  private static String invalid(StartChildRequest req) {
    if (req.getChild().isEmpty() || req.getTemplate().isEmpty() || req.getLink().isEmpty()
        || req.getSupervisorNode().isEmpty()) {
      return "StartChild needs child, template, link and supervisor_node";
    }
    return leaseProblem("StartChild", req.getLeaseMillis(), false);
  }

  /** Why a requested lease ({@code uint32} milliseconds) is refused, or {@code null}. */
  private static String leaseProblem(String what, int leaseMillis, boolean zeroKeeps) {
    long millis = Integer.toUnsignedLong(leaseMillis);
    if (millis == 0 && !zeroKeeps) {
      return what + " needs lease_millis > 0";
    }
    if (millis > RemoteConfig.MAX_LEASE.toMillis()) {
      return what + " lease_millis must be at most " + RemoteConfig.MAX_LEASE.toMillis()
          + " (RemoteConfig.MAX_LEASE), got " + millis;
    }
    return null;
  }

  private Reply.Failure<Void> refusal(StartChildRequest req, HostedChild existing) {
    if (leaving) {
      return new Reply.Unavailable<>(ctx.self() + " is leaving");
    }
    if (existing != null && !existing.link.supervisorNode.equals(req.getSupervisorNode())) {
      return new Reply.InvalidInput<>("a server named '" + req.getChild() + "' exists on "
          + ctx.self());
    }
    if (hosted.size() >= ctx.config().maxHosted()) {
      return new Reply.Overloaded<>(ctx.self() + " hosts " + hosted.size() + " remote children");
    }
    if (!links.containsKey(req.getLink()) && links.size() >= ctx.config().maxLinks()) {
      return new Reply.Overloaded<>(ctx.self() + " hosts " + links.size() + " links");
    }
    return null;
  }

  /** True while {@code h} is the child hosted under its name (not stopped, fenced, replaced). */
  boolean isCurrent(HostedChild h) {
    synchronized (lock) {
      return hosted.get(h.name) == h;
    }
  }

  /** A start that did not happen: forget {@code h} if it is still current. */
  void forget(HostedChild h) {
    synchronized (lock) {
      if (hosted.get(h.name) == h) {
        detach(h);
      }
    }
  }

  private void detach(HostedChild h) {
    hosted.remove(h.name, h);
    h.link.children.remove(h.name);
  }

  // ------------------------------------------------------------------------------------ exits

  /** A hosted child exited on its own (runs on its loop thread). */
  void onExit(HostedChild h, ExitReason reason) {
    ctx.loops().stopAsync(h.name, ExitReason.KILLED); // drop the held server: inline, no terminate
    List<String> stops = new ArrayList<>();
    synchronized (lock) {
      if (hosted.get(h.name) != h) {
        return; // stopped, fenced or replaced: nobody waits for this exit
      }
      log.info("event=hosted_child_exited node={} child={} supervisor_node={} start_id={} "
          + "reason=\"{}\"", ctx.self(), h.name, h.link.supervisorNode, h.startId, reason);
      detach(h);
      h.link.exits.add(ExitCodes.encode(h.supervisor, h.name, h.startId, reason));
      if (h.link.exits.size() > ctx.config().maxQueuedExits()) {
        stops = fence(h.link, "too many exits waiting to be sent");
      } else {
        h.link.flush(ctx.self(), ctx.epoch());
      }
    }
    stopAll(stops, new ExitReason.NoConnection(h.link.supervisorNode));
  }

  // -------------------------------------------------------------------- StopChild, ChildCall

  @Override
  public void stopChild(StopChildRequest req, StreamObserver<StopChildReply> out) {
    calls.stop(req, out);
  }

  @Override
  public void childCall(ChildCallRequest req, StreamObserver<ChildCallReply> out) {
    calls.call(req, out);
  }

  /** The child hosted as {@code name} if it is that link's incarnation {@code startId}. */
  HostedChild find(String name, String link, long startId) {
    synchronized (lock) {
      HostedChild h = hosted.get(name);
      return h != null && h.link.id.equals(link) && h.startId == startId ? h : null;
    }
  }

  /** {@link #find}, and forget it here (it is being stopped): true when it was found. */
  boolean take(String name, String link, long startId) {
    synchronized (lock) {
      HostedChild h = hosted.get(name);
      if (h == null || !h.link.id.equals(link) || h.startId != startId) {
        return false;
      }
      detach(h);
      return true;
    }
  }

  // ---------------------------------------------------------------------------- Heartbeat

  @Override
  public StreamObserver<HeartbeatPing> heartbeat(StreamObserver<HeartbeatPong> out) {
    Pings stream = new Pings(out);
    synchronized (lock) {
      int bound = 2 * ctx.config().maxLinks();
      if (openStreams >= bound) {
        stream.counted = false;
        stream.end(Status.RESOURCE_EXHAUSTED.withDescription(ctx.self() + " has " + openStreams
            + " heartbeat streams open, the most it takes (twice the link bound)"));
      } else {
        openStreams++;
      }
    }
    return stream;
  }

  /** Counts {@code stream} for the supervising node {@code from}; false when over the bound. */
  private boolean admit(Pings stream, String from) {
    int open = streamsByPeer.getOrDefault(from, 0);
    if (open >= RemoteConfig.MAX_STREAMS_PER_PEER) {
      stream.end(Status.RESOURCE_EXHAUSTED.withDescription(from + " already has " + open
          + " heartbeat streams open to " + ctx.self() + " (RemoteConfig.MAX_STREAMS_PER_PEER)"));
      return false;
    }
    streamsByPeer.put(from, open + 1);
    stream.peer = from;
    return true;
  }

  /** Uncounts an ended stream, once. Under the lock. */
  private void release(Pings stream) {
    if (!stream.counted) {
      return;
    }
    stream.counted = false;
    openStreams--;
    if (stream.peer != null) {
      streamsByPeer.computeIfPresent(stream.peer, (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  private void onPing(Pings stream, HeartbeatPing ping) {
    List<String> stops = new ArrayList<>();
    synchronized (lock) {
      if (stream.ended) {
        return;
      }
      if (stream.peer == null && !admit(stream, ping.getFromNode())) {
        return;
      }
      String badLease = leaseProblem("a ping", ping.getLeaseMillis(), true);
      if (badLease != null) {
        stream.end(Status.INVALID_ARGUMENT.withDescription(badLease));
        return;
      }
      HostedLink link = links.get(ping.getLink());
      if (link == null || !link.supervisorNode.equals(ping.getFromNode())) {
        stream.end(noSession(ping.getLink()));
        return;
      }
      stream.link = link;
      link.stream = stream.out;
      link.fence.onPing(ctx.clock().nanoTime(), TimeUnit.MILLISECONDS.toNanos(
          ping.getLeaseMillis()));
      for (long startId : ping.getAbandonedList()) {
        for (String name : new ArrayList<>(link.children)) {
          HostedChild h = hosted.get(name);
          if (h != null && h.startId == startId) {
            detach(h);
            stops.add(name);
          }
        }
      }
      link.answer(ctx.self(), ctx.epoch(), ping.getSeq());
    }
    stopAll(stops, ExitReason.shutdown("abandoned"));
  }

  private Status noSession(String link) {
    return Status.FAILED_PRECONDITION.withDescription(ctx.self() + " has no children for link "
        + link + " (never started, fenced, or " + ctx.self() + " restarted)");
  }

  private void onStreamEnd(Pings stream, boolean graceful) {
    synchronized (lock) {
      release(stream);
      HostedLink link = stream.link;
      if (link == null || link.stream != stream.out) {
        return;
      }
      link.stream = null;
      if (graceful && link.children.isEmpty()) {
        links.remove(link.id, link); // an idle link closed by its supervising node
      }
    }
  }

  // ---------------------------------------------------------------------------- fencing

  /** Fences every link whose lease ran out. Runs on the ticker; never blocks. */
  void tick() {
    List<Runnable> stops = new ArrayList<>();
    synchronized (lock) {
      long now = ctx.clock().nanoTime();
      for (HostedLink link : new ArrayList<>(links.values())) {
        if (link.fence.expired(now)) {
          List<String> names = fence(link, "no ping for "
              + (now - link.fence.expiresAt()) / 1_000_000 + " ms past the lease");
          ExitReason why = new ExitReason.NoConnection(link.supervisorNode);
          stops.add(() -> stopAll(names, why));
        }
      }
    }
    stops.forEach(Runnable::run);
  }

  /** Forgets {@code link} and returns its children, to be stopped after the lock. */
  private List<String> fence(HostedLink link, String why) {
    links.remove(link.id, link);
    List<String> names = new ArrayList<>(link.children);
    for (String name : names) {
      hosted.remove(name);
    }
    link.children.clear();
    link.exits.clear();
    link.refuseStream("fenced: " + why);
    log.warn("event=remote_children_fenced node={} supervisor_node={} link={} children={} "
        + "reason=\"{}\"", ctx.self(), link.supervisorNode, link.id, names.size(), why);
    return names;
  }

  private void stopAll(List<String> names, ExitReason why) {
    for (String name : names) {
      ctx.loops().stopAsync(name, why);
    }
  }

  /**
   * Graceful leave: refuses new children, stops every hosted child and reports it as
   * {@code noconnection}, so each supervisor restarts it on another node at once.
   */
  void leave() {
    List<String> stops = new ArrayList<>();
    synchronized (lock) {
      leaving = true;
      for (HostedChild h : new ArrayList<>(hosted.values())) {
        detach(h);
        stops.add(h.name);
        h.link.exits.add(ExitCodes.encode(h.supervisor, h.name, h.startId,
            new ExitReason.NoConnection(ctx.self())));
      }
      for (HostedLink link : links.values()) {
        link.flush(ctx.self(), ctx.epoch());
      }
    }
    stopAll(stops, ExitReason.shutdown("node leaving"));
  }

  /** Children hosted here now, by name (a snapshot). */
  List<String> hostedNames() {
    synchronized (lock) {
      return List.copyOf(hosted.keySet());
    }
  }

  /** Children hosted here now, sorted by name, with their supervisors' nodes (a snapshot). */
  List<RemoteSupervision.Hosted> hostedChildren() {
    List<HostedChild> now;
    synchronized (lock) {
      now = new ArrayList<>(hosted.values());
    }
    now.sort(Comparator.comparing((HostedChild h) -> h.name));
    List<RemoteSupervision.Hosted> out = new ArrayList<>(now.size());
    for (HostedChild h : now) {
      ServerStatus status = ctx.loops().status(h.name);
      out.add(new RemoteSupervision.Hosted(h.name, h.template, h.link.supervisorNode,
          h.supervisor, ctx.loops().loopOf(h.name).name(),
          status == null ? ServerStatus.STARTING : status));
    }
    return out;
  }

  /** The pings of one stream. Guarded by the lock, except {@code out}. */
  private final class Pings implements StreamObserver<HeartbeatPing> {
    final StreamObserver<HeartbeatPong> out;
    HostedLink link;
    boolean ended;
    /** The supervising node, known from the first ping. */
    @Nullable String peer;
    /** True while the stream counts toward the stream bounds. */
    boolean counted = true;

    Pings(StreamObserver<HeartbeatPong> out) {
      this.out = out;
    }

    @Override
    public void onNext(HeartbeatPing ping) {
      onPing(this, ping);
    }

    @Override
    public void onError(Throwable t) {
      onStreamEnd(this, false);
    }

    @Override
    public void onCompleted() {
      onStreamEnd(this, true);
      synchronized (lock) {
        end(null);
      }
    }

    /** Ends the stream once: with {@code status}, or completed when {@code null}. Locked. */
    void end(@Nullable Status status) {
      if (ended) {
        return;
      }
      ended = true;
      release(this);
      try {
        if (status == null) {
          out.onCompleted();
        } else {
          out.onError(status.asRuntimeException());
        }
      } catch (RuntimeException alreadyClosed) {
        // the transport closed it first (e.g. a fence refused the same stream)
      }
    }
  }
}
