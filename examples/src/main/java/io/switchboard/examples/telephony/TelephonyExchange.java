package io.switchboard.examples.telephony;

import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.OrderedCasts;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.event.GenEvent;
import io.switchboard.supervisor.statem.GenStatem;
import io.switchboard.supervisor.statem.Outbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The telephony part of the demo application on one host: {@code line-*} lines started on demand
 * and the {@code events} manager with its log and metrics handlers.
 *
 * <h2>Tree</h2>
 *
 * <pre>
 *   telephony (one_for_one)
 *   ├── events            worker: the manager's front ({@code stats}, {@code handlers})
 *   └── lines (simple_one_for_one, 10 restarts in 5 s)
 *       └── line-*        one GenStatem per line, started by {@link #startLine}
 * </pre>
 *
 * The {@link GenEvent} manager itself is not a server: it lives as long as this object and its
 * handlers run on their own threads ({@link #close} stops it after the tree).
 *
 * <h2>Wiring</h2>
 *
 * Lines send through this app's {@link Outbox} ({@link #send}). Given a {@link Router}, a signal
 * to a {@code line-} name goes through it, encoded ({@code LineCodec}), in order per destination
 * ({@link OrderedCasts}), to whichever node serves that line. Without one, a {@code line-} name
 * is cast on the host; if that line does not exist yet it is started under {@code lines} and the signal is
 * cast once its {@code init} ran (so {@code dial line-x} rings a brand-new idle line; signals to
 * a line that is still starting may overtake one another, and are lost if it fails to start:
 * the caller's dial timeout covers both).
 * {@value Line#EVENTS} goes to the manager with {@link GenEvent#tryNotify}, never waiting, because
 * the sender is a loop thread: when the ring is full the notice is dropped and counted
 * ({@link #droppedEvents}). Thread-safe.
 */
public final class TelephonyExchange implements AutoCloseable {
  public static final String LINE_PREFIX = "line-";
  public static final String EVENTS = Line.EVENTS;
  /** The root supervisor's name. */
  public static final String SUPERVISOR = "telephony";

  private final ServerHost host;
  private final Line.Config config;
  private final GenEvent<CallEvent> events;
  private final CallMetrics metrics = new CallMetrics();
  private final AtomicLong callIds = new AtomicLong(System.currentTimeMillis() << 16);
  private final LongAdder dropped = new LongAdder();
  /** Shared by every line (one object each, not one per line: millions of lines). */
  private final Outbox outbox = this::send;
  private final LongSupplier ids = callIds::incrementAndGet;
  private final Supervisor root;
  /** Signals to lines by name through the node's router (any node), or null: this host only. */
  private final @Nullable OrderedCasts casts;
  private volatile Supervisor lines;

  private TelephonyExchange(ServerHost host, @Nullable Path dataDir, Line.Config config,
      UnaryOperator<Supervisor.Builder> configure, @Nullable Router router) {
    this.host = host;
    this.casts = router == null ? null : new OrderedCasts(router);
    this.config = config;
    this.events = GenEvent.builder(EVENTS).ringSize(1024)
        .idleStrategy(IdleStrategy.parking()).build();
    Path logFile = dataDir == null ? null : dataDir.resolve("calls.log");
    events.addHandler("log", new CallLog(logFile)).orThrow();
    events.addHandler("metrics", metrics).orThrow();
    SupervisorSpec spec = SupervisorSpec.oneForOne(
        ChildSpec.worker(EVENTS, () -> new EventsServer(events, metrics)),
        ChildSpec.supervisor("lines", SupervisorSpec.simpleOneForOne(
            ChildSpec.template("line", this::lineServer)).withIntensity(10, Duration.ofSeconds(5))));
    this.root = configure.apply(Supervisor.builder(SUPERVISOR, host, spec)).build();
  }

  /**
   * Creates the manager (ring 1024, handler threads that park when idle) with its handlers and
   * starts the {@code telephony} tree on {@code host}. Blocks until the tree started.
   *
   * @param dataDir where {@code calls.log} is written, or {@code null} for log lines only
   * @param configure adjusts the root supervisor (clock, listener, crash reports)
   */
  public static TelephonyExchange start(
      ServerHost host, @Nullable Path dataDir, Line.Config config,
      UnaryOperator<Supervisor.Builder> configure) {
    return start(host, dataDir, config, configure, null);
  }

  /**
   * {@link #start(ServerHost, Path, Line.Config, UnaryOperator)} with lines that signal each other
   * through {@code router} ({@link OrderedCasts}: in order per destination line), so a line may
   * call a line served by another node: the router starts the callee on its owner. The lines
   * here must then be what the router serves as {@code line-*} names (cluster-scoped).
   */
  public static TelephonyExchange start(
      ServerHost host, @Nullable Path dataDir, Line.Config config,
      UnaryOperator<Supervisor.Builder> configure, @Nullable Router router) {
    TelephonyExchange app = new TelephonyExchange(host, dataDir, config, configure, router);
    Reply<Void> r = app.root.start();
    if (!r.isOk()) {
      app.events.stop(Duration.ofSeconds(5));
      r.orThrow();
    }
    return app;
  }

  /** {@link #start(ServerHost, Path, Line.Config, UnaryOperator)} with a default supervisor. */
  public static TelephonyExchange start(
      ServerHost host, @Nullable Path dataDir, Line.Config config) {
    return start(host, dataDir, config, b -> b);
  }

  /** True if this app starts {@code name} on demand. */
  public static boolean isLine(String name) {
    return name.startsWith(LINE_PREFIX) && name.length() > LINE_PREFIX.length();
  }

  /** A new (unstarted) server for line {@code name}, sending through this app. */
  public GenServer<Object, ?, String> lineServer(String name) {
    return GenStatem.server(new Line(name, config, ids), host, name, outbox);
  }

  /**
   * Starts line {@code name} under {@code lines} unless it runs: {@code Ok} once its {@code init}
   * ran (or at once if it was running). {@code InvalidInput} if the name is not a line. Never
   * blocks.
   */
  public Promise<Void> startLine(String name) {
    if (!isLine(name)) {
      return Promise.completed(new Reply.InvalidInput<>("not a line name: " + name));
    }
    Supervisor sup = lines;
    if (sup != null) {
      return sup.ensureChildAsync(name);
    }
    Promise<Void> out = new Promise<>();
    root.childSupervisorAsync("lines").onComplete(r -> {
      if (r instanceof Reply.Ok<Supervisor> ok) {
        lines = ok.value();
        ok.value().ensureChildAsync(name).onComplete(out::complete);
      } else {
        out.complete(((Reply.Failure<Supervisor>) r).retype());
      }
    });
    return out;
  }

  /** The lines' outbox: see the class comment. Never blocks. */
  public Reply<Void> send(String to, Object message) {
    if (to.equals(EVENTS)) {
      Reply<Void> r = events.tryNotify((CallEvent) message);
      if (!r.isOk()) {
        dropped.increment();
      }
      return r;
    }
    if (casts != null && message instanceof LineEvent.Signal signal && isLine(to)) {
      return casts.cast(to, LineCodec.encodeSignal(signal));
    }
    Reply<Void> r = host.cast(to, message);
    if (r instanceof Reply.NotFound && isLine(to)) {
      startLine(to).onComplete(started -> {
        if (started.isOk()) {
          host.cast(to, message);
        }
      });
      return Reply.ok(null);
    }
    return r;
  }

  /** The root supervisor ({@value #SUPERVISOR}), for the node's tree and metrics. */
  public Supervisor supervisor() {
    return root;
  }

  /** The manager (to add handlers, e.g. the node's metrics bridge). */
  public GenEvent<CallEvent> events() {
    return events;
  }

  /** The metrics handler's counts. Any thread. */
  public CallMetrics.Counts counts() {
    return metrics.snapshot();
  }

  /** Call notices dropped because the manager's ring was full. */
  public long droppedEvents() {
    return dropped.sum();
  }

  /** Stops the tree (lines, then {@code events}), then the manager. Blocks. */
  @Override
  public void close() {
    root.stop();
    events.stop(Duration.ofSeconds(5));
  }
}
