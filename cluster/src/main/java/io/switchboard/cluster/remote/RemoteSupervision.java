package io.switchboard.cluster.remote;

import io.switchboard.cluster.membership.MembershipService;
import io.switchboard.cluster.transport.PeerClients;
import io.switchboard.proto.v1.PeerGrpc;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote supervision on one node: supervisors here run children on other nodes
 * ({@link #host}), and this node hosts children for supervisors elsewhere ({@link #peerRpcs}).
 * See the package documentation for the protocol and the failure model.
 *
 * <p>Life cycle: build it (it listens to the membership's views from then on), register
 * {@link #peerRpcs()} with the node's {@code Peer} service, {@link #start()} it once the node has
 * joined; {@link #leave} on a graceful leave; {@link #close()} last. One daemon thread (the
 * ticker: pings, leases, fences). Every method is thread-safe and never blocks, except
 * {@link #close()} (briefly).
 */
public final class RemoteSupervision implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemoteSupervision.class);

  private final RemoteContext ctx;
  private final ScheduledExecutorService ticker;
  private final Supervising supervising;
  private final Hosting hosting;
  private final java.util.concurrent.atomic.AtomicBoolean started =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * @param self this node's logical name
   * @param membership this node's membership (views are read, never changed)
   * @param peers this node's gRPC channels to its peers (shared with routing)
   * @param clock the clock of every lease decision (the system clock in production)
   * @param setup the node's loops, templates and the timings
   */
  public RemoteSupervision(String self, MembershipService membership, PeerClients peers,
      Clock clock, RemoteSetup setup) {
    String incarnation = UUID.randomUUID().toString().substring(0, 8);
    this.ctx = new RemoteContext(self, incarnation, membership, peers, setup.loops(),
        setup.templates(), clock, setup.config());
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "remote-supervision-" + self);
      t.setDaemon(true);
      return t;
    });
    this.supervising = new Supervising(ctx);
    this.hosting = new Hosting(ctx, ticker);
    membership.addListener(supervising.links()::onView);
  }

  /**
   * A host for children of the supervisor {@code supervisor} (its path, for logs and the
   * hosting node's tree) placed per {@code placement}. Cheap: hosts are views over one engine,
   * and child names are unique across all of them (as on one event loop).
   */
  public RemoteHost host(String supervisor, RemotePlacement placement) {
    return new RemoteHost(supervising, ctx, supervisor, placement);
  }

  /** The {@code Peer} RPCs this node serves for remote supervisors (StartChild, StopChild,
   * ChildCall, Heartbeat); the node's {@code PeerService} delegates them here. */
  public PeerGrpc.AsyncService peerRpcs() {
    return hosting;
  }

  /**
   * Starts the ticker: pings every {@code interval}, lease checks every quarter interval.
   *
   * @throws IllegalStateException when already started
   */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("remote supervision of " + ctx.self() + " already started");
    }
    long period = Math.max(5_000_000L, ctx.config().interval().toNanos() / 4);
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
    log.info("event=remote_supervision_started node={} incarnation={} interval_ms={} lease_ms={} "
        + "noconnection_after_ms={}", ctx.self(), ctx.incarnation(),
        ctx.config().interval().toMillis(), ctx.config().lease().toMillis(),
        ctx.config().noConnectionAfter().toMillis());
  }

  private void tick() {
    try {
      supervising.links().tick();
      hosting.tick();
    } catch (RuntimeException e) {
      log.error("event=remote_tick_failed node={} error=\"{}\"", ctx.self(), e.toString(), e);
    }
  }

  /**
   * Graceful leave: stops every child hosted here and reports it as {@code noconnection}, so its
   * supervisor restarts it on another node at once; new starts are refused.
   */
  public void leave() {
    hosting.leave();
  }

  /** The node a remote child of this node's supervisors runs on, if it runs. */
  public Optional<String> nodeOf(String child) {
    return supervising.nodeOf(child);
  }

  /**
   * Where a remote child of this node's supervisors runs now, or where it last ran or is being
   * started (see {@link Placed#status}); empty when this node does not supervise {@code child}
   * remotely or never placed it.
   */
  public Optional<Placed> placed(String child) {
    return supervising.placed(child);
  }

  /** The children this node hosts for remote supervisors (a snapshot). */
  public List<String> hosted() {
    return hosting.hostedNames();
  }

  /** The children this node hosts for remote supervisors, sorted by name (a snapshot). */
  public List<Hosted> hostedChildren() {
    return hosting.hostedChildren();
  }

  /**
   * A remote child as its supervising node knows it.
   *
   * @param node the node it runs on (or last ran on, or is being started on)
   * @param loop the event loop that hosts it there, empty before its first start answered
   * @param status its last known state: {@code RUNNING}, {@code STARTING}, or {@code EXITED} /
   *     {@code RESTARTING} once its exit was reported or its node was lost
   * @param template the template it is built from there
   */
  public record Placed(String node, String loop, ServerStatus status, String template) {}

  /**
   * A child this node hosts for a supervisor on another node.
   *
   * @param name its name (the child's id in its supervisor)
   * @param template the template it was built from
   * @param supervisorNode the supervising node
   * @param supervisor the supervisor's path there, empty when it sent none
   * @param loop this node's event loop that hosts it
   * @param status its state on this node ({@code STARTING} until its {@code init} ran)
   */
  public record Hosted(String name, String template, String supervisorNode, String supervisor,
      String loop, ServerStatus status) {}

  /** The configuration in use. */
  public RemoteConfig config() {
    return ctx.config();
  }

  /**
   * Stops the ticker and cancels every heartbeat stream without stopping anything: the hosting
   * nodes fence this node's remote children within their lease (as after a crash). Children
   * hosted here stop with the node's loops.
   */
  @Override
  public void close() {
    ticker.shutdownNow();
    supervising.close();
  }
}
