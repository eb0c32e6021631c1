package io.switchboard.node.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ServerBuilder;
import io.switchboard.node.app.Apps;
import io.switchboard.node.app.NodeApp;
import io.switchboard.node.app.RemoteView;
import io.switchboard.node.cluster.ClusterBinding;
import io.switchboard.node.cluster.NodeRemoteChildren;
import io.switchboard.node.core.Lifecycle;
import io.switchboard.node.core.NodeConfig;
import io.switchboard.node.core.NodeRef;
import io.switchboard.node.grpc.Backend;
import io.switchboard.node.grpc.GrpcEndpoint;
import io.switchboard.node.grpc.GrpcLimits;
import io.switchboard.node.grpc.SwitchboardService;
import io.switchboard.node.http.HttpEndpoints;
import io.switchboard.node.metrics.NodeMetrics;
import io.switchboard.node.metrics.RestartMetrics;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.proto.v1.TreeReply;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.app.AppContext;
import io.switchboard.supervisor.app.AppInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: event loops, the application, the gRPC endpoint, the HTTP endpoints and the
 * cluster binding, started in that order and stopped gracefully by {@link #close()}.
 *
 * <p>Ready means: everything started, the application runs and the cluster binding has no
 * objection. Only then are calls admitted, {@code /health/ready} answers 200 and gRPC health
 * says {@code SERVING}; the line {@code switchboard node <name> ready grpc=<port> http=<port>
 * cluster=<port>} is logged once, with the ports actually bound.
 *
 * <p>{@link #start} and {@link #close} block and may be called from any thread (close is
 * idempotent); the accessors are thread-safe.
 */
public final class NodeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeServer.class);

  private final NodeConfig config;
  private final AppFactory appFactory;
  private final ClusterBinding.Factory clusterFactory;
  private final ServerBuilder<?> transport;
  private final Consumer<String> onAppStopped;
  private final Lifecycle lifecycle = new Lifecycle();
  private final NodeMetrics metrics = new NodeMetrics();
  private final ScheduledThreadPoolExecutor timers = timerThread();
  private EventLoopGroup loops;
  private NodeApp app;
  private GrpcEndpoint grpc;
  private HttpEndpoints http;
  private volatile ClusterBinding binding;
  /** The applications' remote children: a cluster node only, bound by the cluster binding. */
  private NodeRemoteChildren remote;
  private volatile boolean readyLogged;
  private io.switchboard.supervisor.Watchdog watchdog;
  private boolean closed;

  /** Starts a node's applications, in order (blocking while their supervisors start). */
  @FunctionalInterface
  public interface AppFactory {
    List<AppInstance> start(AppContext ctx) throws Exception;
  }

  private NodeServer(Builder b) {
    this.config = b.config;
    this.appFactory = b.appFactory;
    this.clusterFactory = b.clusterFactory;
    this.transport = b.transport;
    this.onAppStopped = b.onAppStopped;
  }

  /** A builder for {@code config}: the {@code --app} application, standalone, over TCP. */
  public static Builder builder(NodeConfig config) {
    return new Builder(config);
  }

  /**
   * Starts every part and marks the node ready. On failure, stops what was started and throws.
   * Blocks (binding ports, starting supervisors, joining the cluster).
   */
  public synchronized NodeServer start() throws Exception {
    if (loops != null || closed) {
      throw new IllegalStateException("a node starts once");
    }
    try {
      doStart();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
    return this;
  }

  private void doStart() throws Exception {
    log.info("event=node_starting name={} app={} data_dir={} loops={} inbox={}",
        config.name(), config.apps().names(), config.dataDir(), config.loops(), config.inboxCapacity());
    Files.createDirectories(config.dataDir());
    if (!Files.isWritable(config.dataDir())) {
      throw new IOException("--data-dir " + config.dataDir() + " is not writable");
    }
    loops = EventLoopGroup.start("loop", config.loops(),
        b -> b.inboxCapacity(config.inboxCapacity()));
    metrics.bindLoops(loops.loops());
    // a step running over 1 s is logged as a stall naming the server and loop (a loop thread
    // cannot be pre-empted: the watchdog reports, it does not kill)
    watchdog = io.switchboard.supervisor.Watchdog.start(loops.loops());
    remote = config.standalone() ? null : new NodeRemoteChildren(loops);
    List<AppInstance> started = appFactory.start(new AppContext(loops, config.dataDir(),
        config.name(),
        new RestartMetrics(metrics), appSettings(),
        this::rootGaveUp, remote).withRouter(new NodeRouter(() -> {
          ClusterBinding b = binding;
          return b == null ? null : b.router();
        })));
    try {
      app = new NodeApp(started, config.name());
    } catch (RuntimeException e) {
      // the applications cannot run together: stop what started, the last first
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).stop(Duration.ofSeconds(5));
      }
      throw e;
    }
    metrics.registerKinds(app.kinds());
    metrics.registerSupervisors(app.supervisors());
    metrics.bindTopology(() -> {
      ClusterBinding b = binding;
      return b == null ? null : b.topology();
    });
    grpc = GrpcEndpoint.start(transport, config.host(), config.grpcPort(),
        config.maxMessageBytes(), GrpcLimits.DEFAULTS, config.security().clientCredentials(),
        new SwitchboardService(new Backend(config.name(),
            () -> binding().router(), () -> binding().topology(), this::tree, lifecycle,
            metrics, timers)));
    http = HttpEndpoints.start(config.host(), config.httpPort(), metrics::scrape,
        this::notReadyReason, this::treeJson);

    NodeRef self = new NodeRef(config.name(), config.advertisedHost() + ":" + grpc.port());
    ClusterBinding created = clusterFactory.create(new ClusterBinding.LocalNode(config, self,
        loops, app, metrics, remote));
    binding = created;
    created.start();

    lifecycle.ready();
    refreshHealth();
    timers.scheduleWithFixedDelay(this::refreshHealth, 200, 200, TimeUnit.MILLISECONDS);
  }

  /** The trees, remote children with the node they run on, then the children hosted here. */
  private Promise<List<TreeNode>> tree(int maxChildren) {
    return app.tree(maxChildren, remote == null ? RemoteView.NONE : remote);
  }

  /** {@code GET /api/v1/tree}: the {@code Tree} reply as JSON ({@code tree --json}). */
  private String treeJson() {
    Reply<List<TreeNode>> roots = tree(SwitchboardService.TREE_CHILDREN_LIMIT)
        .await(Deadline.after(Deadline.DEFAULT_TIMEOUT), IdleStrategy.parking());
    try {
      return JsonFormat.printer().print(TreeReply.newBuilder().setNode(config.name())
          .addAllRoots(roots.orThrow()).build()) + "\n";
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a TreeReply always prints as JSON", e);
    }
  }

  /** The bound gRPC port ({@code -1} on a transport without ports, such as in-process). */
  public int grpcPort() {
    return grpc.port();
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return http.port();
  }

  /** The node's settings. */
  public NodeConfig config() {
    return config;
  }

  /** The readiness gate. */
  public Lifecycle lifecycle() {
    return lifecycle;
  }

  /** The node's metrics. */
  public NodeMetrics metrics() {
    return metrics;
  }

  /** The node's event loops. */
  public EventLoopGroup loops() {
    return loops;
  }

  /** Why the node is not ready, or empty when it is. */
  public Optional<String> notReadyReason() {
    if (!lifecycle.isReady()) {
      return Optional.of(lifecycle.reason());
    }
    Optional<String> appProblem = app.notReadyReason();
    return appProblem.isPresent() ? appProblem : binding().notReadyReason();
  }

  private ClusterBinding binding() {
    ClusterBinding b = binding;
    if (b == null) {
      throw new IllegalStateException("the node is starting");
    }
    return b;
  }

  /**
   * Follows readiness into the gRPC health service, and logs the ready line the first time the
   * node is ready: for a cluster node that is once it joined a view with quorum and holds its
   * lease, not merely at its first view (start-up singletons are not ready).
   */
  /** {@code --app-config} (if any) with the {@code SWITCHBOARD_APP_*} variables on top. */
  private java.util.Map<String, String> appSettings() throws IOException {
    java.util.Properties file = new java.util.Properties();
    if (config.apps().config() != null) {
      try (java.io.Reader r = Files.newBufferedReader(config.apps().config(),
          java.nio.charset.StandardCharsets.UTF_8)) {
        file.load(r);
      } catch (IOException e) {
        throw new IOException("cannot read --app-config " + config.apps().config() + ": " + e, e);
      }
    }
    return AppContext.configFrom(System.getenv(), file);
  }

  private final AtomicBoolean appStopped = new AtomicBoolean();

  /** A root supervisor of an application gave up (see {@link Builder#onAppStopped}). */
  private void rootGaveUp(String root, String reason) {
    if (appStopped.compareAndSet(false, true)) {
      log.error("event=app_stopped node={} supervisor={} reason=\"{}\" action=node_stops",
          config.name(), root, reason);
      onAppStopped.accept("application supervisor " + root + " gave up: " + reason);
    }
  }

  private void refreshHealth() {
    boolean ready = notReadyReason().isEmpty();
    grpc.serving(ready);
    if (ready && !readyLogged) {
      readyLogged = true;
      if (remote != null) {
        remote.nodeReady(); // applications may start their remote children now
      }
      log.info("switchboard node {} ready grpc={} http={} cluster={}",
          config.name(), grpc.port(), http.port(), binding().clusterPort());
    }
  }

  /**
   * Stops gracefully, bounded by {@code --shutdown-timeout}: readiness goes 503 and new calls
   * get {@code UNAVAILABLE}; pending calls finish (up to half the timeout); the cluster binding
   * hands names over and leaves; gRPC stops; the application's trees stop right to left (servers
   * run {@code terminate}, the counter saves its value); the loops stop. Blocks.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (remote != null) {
      remote.nodeStopping();
    }
    long deadline = ServerHost.deadline(config.shutdownTimeout());
    lifecycle.drain("shutting down");
    if (grpc != null) {
      refreshHealth();
    }
    log.info("event=node_stopping name={} in_flight={}", config.name(), lifecycle.inFlight());
    awaitPending();
    ClusterBinding b = binding;
    if (b != null) {
      b.leave(left(deadline));
    }
    if (grpc != null) {
      grpc.close();
    }
    if (app != null) {
      app.stop(left(deadline));
    }
    if (watchdog != null) {
      watchdog.close();
    }
    if (loops != null && !loops.stop(left(deadline))) {
      log.warn("event=loops_stop_incomplete name={}", config.name());
    }
    lifecycle.stopped();
    if (http != null) {
      http.close();
    }
    timers.shutdownNow();
    metrics.close();
    log.info("event=node_stopped name={}", config.name());
  }

  private void awaitPending() {
    try {
      if (!lifecycle.awaitIdle(config.shutdownTimeout().dividedBy(2))) {
        log.warn("event=drain_incomplete name={} in_flight={}", config.name(),
            lifecycle.inFlight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static ScheduledThreadPoolExecutor timerThread() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "switchboard-timers");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** Configures a {@link NodeServer}. Not thread-safe. */
  public static final class Builder {
    private final NodeConfig config;
    private AppFactory appFactory;
    private Consumer<String> onAppStopped = reason -> { };
    private ClusterBinding.Factory clusterFactory = ClusterBinding::standalone;
    private ServerBuilder<?> transport;

    private Builder(NodeConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      this.appFactory = ctx -> Apps.discover(config.apps().path())
          .start(config.apps().names(), ctx);
    }

    /**
     * Called (once, on a supervisor's thread; must not block) when a root supervisor of an
     * application gave up: every application is permanent, so the node should leave the cluster
     * and exit non-zero (OTP: a permanent application's exit stops the node). Default: logged
     * only.
     */
    public Builder onAppStopped(Consumer<String> action) {
      this.onAppStopped = Objects.requireNonNull(action, "action");
      return this;
    }

    /** Runs these applications instead of the ones named by {@code --app}. */
    public Builder app(AppFactory factory) {
      this.appFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** Plugs in a cluster layer (default: standalone). */
    public Builder cluster(ClusterBinding.Factory factory) {
      this.clusterFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Serves gRPC on {@code builder} (e.g. grpc-java's in-process transport, in tests) instead of
     * TCP on {@code --host}:{@code --grpc-port}. The node adds its services and settings to it.
     */
    public Builder transport(ServerBuilder<?> builder) {
      this.transport = Objects.requireNonNull(builder, "builder");
      return this;
    }

    /** Builds and {@link NodeServer#start starts} the node. Blocks. */
    public NodeServer start() throws Exception {
      return new NodeServer(this).start();
    }
  }
}
