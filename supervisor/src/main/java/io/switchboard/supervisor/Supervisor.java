package io.switchboard.supervisor;

import io.switchboard.supervisor.internal.SupervisorEngine;
import io.switchboard.supervisor.internal.Tree;
import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A supervisor: starts its children, restarts them by OTP's rules when they exit, and gives up
 * (escalates) when they exit too often. Children are workers — servers on the event loops of a
 * {@link ServerHost} — or supervisors of their own children, so supervisors form a tree.
 *
 * <pre>{@code
 * Supervisor app = Supervisor.builder("app", loops, SupervisorSpec.oneForOne(
 *         ChildSpec.worker("db", Db::new),
 *         ChildSpec.supervisor("counters", SupervisorSpec.simpleOneForOne(
 *             ChildSpec.template("counter", name -> new Counter()))))).build();
 * app.start().orThrow();
 * app.childSupervisor("counters").orThrow().ensureChild("counter-7");
 * }</pre>
 *
 * <h2>Semantics (OTP's {@code supervisor})</h2>
 *
 * <ul>
 *   <li>Children start left to right, each after the previous one's {@code init} returned; if one
 *       fails, those already started are stopped right to left and the start fails with reason
 *       {@code {shutdown,{failed_to_start_child,Id,Reason}}} ({@link #exitReason()}).
 *   <li>A child that exits is restarted per its {@link Restart} type: permanent always, transient
 *       only after an abnormal exit (not {@code normal}, {@code shutdown}, {@code {shutdown,T}}),
 *       temporary never (and forgotten). What is restarted follows the {@link Strategy}.
 *   <li>Restart intensity: more than {@code intensity} restarts within {@code period} (a sliding
 *       window; a restart exactly {@code period} ago still counts) and the supervisor gives up: it
 *       stops all children right to left and exits with {@code shutdown}. Its parent sees that as
 *       the exit of a child (escalation). A root that gives up calls its {@code onGiveUp}
 *       listener (the application) and logs an error; the node and its loops keep running.
 *   <li>A restart that fails (its {@code init} throws) is retried through the supervisor's queue
 *       and counts as another restart, so a child that cannot start ends in a give-up.
 *   <li>Stopping a child runs its {@code terminate(shutdown)} and waits up to its shutdown timeout;
 *       past it the child is dropped and logged as a brutal kill. Children stop right to left
 *       (dynamic children all at once).
 *   <li>Backoff (an addition, per child, off by default): a restart waits
 *       {@link Backoff#delay}; meanwhile calls get {@code Unavailable("restarting")}. Restarts
 *       still count toward intensity. For {@code one_for_all}/{@code rest_for_one} the failed
 *       child's backoff delays the start of the whole group (after the stops).
 *   <li>A start function that returns {@link ChildSpec#ignore()} (OTP {@code ignore}) starts
 *       nothing and fails nothing: the child is kept as {@code STOPPED} (OTP's {@code undefined}
 *       pid), a temporary or dynamic one is forgotten; it is no restart and no report.
 *   <li>Crashes: each crash of a supervised worker — a {@code step} or {@code init} that threw,
 *       or a step that stopped with an abnormal reason — is kept in {@link #crashReports()} with
 *       this supervisor's path and logged once (asynchronously) on {@code io.switchboard.crash}.
 *       A child that fails to start is a {@code start_error} report (logged, and told to
 *       {@link SupervisorListener#startError}); only an {@code init} that threw is also a crash:
 *       a start function that throws ran no {@code init}.
 *   <li>An exit signal ({@link ServerHost#killAsync}, OTP {@code exit(Pid, Reason)}) is an exit
 *       like any other: the strategy applies and {@link #whichChildren()} shows it.
 * </ul>
 *
 * <h2>Defaults</h2>
 *
 * Intensity 1 in 5 s ({@link SupervisorSpec#DEFAULT_INTENSITY}, {@link
 * SupervisorSpec#DEFAULT_PERIOD}); restart {@code PERMANENT}; shutdown 5 s for workers, infinity
 * for supervisors; brutal kill waits at most {@link Shutdown#KILL_WAIT} (5 s) for the loop; no
 * backoff; clock: the loop clock of the host; crash ring 100 reports, crash log queue 1 024 lines;
 * 10 000 pending API requests per supervisor; blocking methods wait {@link
 * ServerHost#DEFAULT_TIMEOUT} (5 s), {@link #stop()} 60 s; no start timeout (as OTP's
 * {@code infinity}); the {@link Watchdog} (separate, started by the node) reports steps longer
 * than 1 s.
 *
 * <h2>Differences from OTP</h2>
 *
 * <ul>
 *   <li>There are no processes. A worker is a server on an event loop; restarting it re-runs
 *       {@code init} on the same {@link GenServer} object in place (microseconds), so a
 *       {@code GenServer} should keep its state in {@code S}, not in fields. The start function
 *       of a {@link ChildSpec} runs for fresh starts only.
 *   <li>A worker's id is its server name on the host: unique per host, not only per supervisor.
 *   <li>A shutdown timeout cannot kill a {@code terminate} that is running: a loop thread cannot
 *       be pre-empted. The child is dropped (logged as {@code event=child_killed}) while its loop
 *       may still be stuck, and its name stays taken until {@code terminate} returns (a restart
 *       in between fails and counts as a restart).
 *   <li>Time is nanoseconds on an injected {@link Clock} (OTP: whole seconds).
 *   <li>Dynamic children of {@code simple_one_for_one} are named by their argument, so
 *       {@link #terminateChild(String)} takes the name (OTP: the pid); {@link #ensureChild}
 *       (start if absent) is an addition.
 *   <li>Restart backoff, the crash ring with last inputs, and the {@link Watchdog} are additions.
 *       Not supported: {@code ignore} from {@code init} (only a start function can return it,
 *       and it runs for fresh starts only), {@code significant} children and
 *       {@code auto_shutdown}, code change, {@code get_childspec}.
 *   <li>A supervisor is not a server and has no mailbox: its decisions run one at a time on
 *       whichever thread reports the event (often the crashed child's loop thread), never
 *       waiting; multi-step work defers later events, as an OTP supervisor busy in a callback
 *       does.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * Every method may be called from any thread. The {@code ...Async} methods never block; the
 * others wait for the answer and must not be called on an event-loop thread (the supervisor may
 * need that very loop). A restart in place runs {@code init} inline when the decision runs on the
 * child's loop thread: an {@code init} that blocks holds its loop and its supervisor's decisions
 * (as an OTP supervisor waits for {@code init}). A {@code terminate} never runs inside a decision,
 * so a stuck {@code terminate} cannot hold up its own shutdown timeout.
 *
 * <p>Errors are values: {@link Reply.NotFound} (no such child), {@link Reply.AlreadyStarted}
 * (OTP {@code already_started}: a child of that id is running; also a second {@link #start}),
 * {@link Reply.InvalidInput} ({@code already_present}, {@code running}, {@code restarting},
 * {@code simple_one_for_one}), {@link Reply.Unavailable} (the supervisor is not running),
 * {@link Reply.Overloaded}, {@link Reply.Crashed} (a start failed).
 */
public final class Supervisor {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final SupervisorEngine engine;

  Supervisor(SupervisorEngine engine) {
    this.engine = engine;
  }

  /** A root supervisor named {@code name} whose workers run on {@code host}. */
  public static Builder builder(String name, ServerHost host, SupervisorSpec spec) {
    return new Builder(name, host, spec);
  }

  /** This supervisor's name (a child supervisor: its child id). */
  public String name() {
    return engine.name();
  }

  /** Its path from the root, {@code root/sub/leaf}. */
  public String path() {
    return engine.path();
  }

  public SupervisorSpec spec() {
    return engine.spec();
  }

  /** Its status. Any thread, never blocks. */
  public ChildStatus status() {
    return engine.status();
  }

  /** Why it stopped ({@code shutdown}, or a failed start), {@code null} while it has not. */
  public @Nullable ExitReason exitReason() {
    return engine.exitReason();
  }

  /** The crash reports of this tree (shared by all its supervisors). */
  public CrashReports crashReports() {
    return engine.tree().crashes();
  }

  // -------------------------------------------------------------------------------- lifecycle

  /**
   * Starts the children left to right. Completes with {@code Ok}, or {@link Reply.Crashed}
   * naming the child that failed (the others are stopped again). A supervisor starts once.
   */
  public Promise<Void> startAsync() {
    return engine.startAsync();
  }

  /** {@link #startAsync()} and wait up to 5 s. Blocks. */
  public Reply<Void> start() {
    return start(ServerHost.DEFAULT_TIMEOUT);
  }

  /** {@link #startAsync()} and wait up to {@code timeout}. Blocks. */
  public Reply<Void> start(Duration timeout) {
    return await(startAsync(), timeout);
  }

  /**
   * Stops every child right to left (dynamic children at once) and the supervisor with reason
   * {@code shutdown}; its parent or {@code onGiveUp} listener is not told (it asked).
   */
  public Promise<Void> stopAsync() {
    return engine.stopAsync();
  }

  /** {@link #stopAsync()} and wait up to 60 s. Blocks. */
  public Reply<Void> stop() {
    return stop(STOP_TIMEOUT);
  }

  public Reply<Void> stop(Duration timeout) {
    return await(stopAsync(), timeout);
  }

  // ------------------------------------------------------------------------------ dynamic API

  /** Adds {@code spec} as the last child and starts it (not for simple_one_for_one). */
  public Promise<Void> startChildAsync(ChildSpec spec) {
    return engine.api().startChild(Objects.requireNonNull(spec, "spec"));
  }

  public Reply<Void> startChild(ChildSpec spec) {
    return await(startChildAsync(spec), ServerHost.DEFAULT_TIMEOUT);
  }

  /** Starts a dynamic child named {@code name} from the template (simple_one_for_one). */
  public Promise<Void> startChildAsync(String name) {
    return engine.api().startChild(Objects.requireNonNull(name, "name"));
  }

  public Reply<Void> startChild(String name) {
    return await(startChildAsync(name), ServerHost.DEFAULT_TIMEOUT);
  }

  /**
   * Starts dynamic child {@code name} unless it exists (simple_one_for_one). Race-free: two
   * concurrent calls start one server. An existing child answers {@code Ok} without queueing.
   */
  public Promise<Void> ensureChildAsync(String name) {
    return engine.api().ensureChild(Objects.requireNonNull(name, "name"));
  }

  public Reply<Void> ensureChild(String name) {
    return await(ensureChildAsync(name), ServerHost.DEFAULT_TIMEOUT);
  }

  /** Stops child {@code id}; keeps its spec unless it is temporary or dynamic. */
  public Promise<Void> terminateChildAsync(String id) {
    return engine.api().terminateChild(id);
  }

  public Reply<Void> terminateChild(String id) {
    return await(terminateChildAsync(id), ServerHost.DEFAULT_TIMEOUT);
  }

  /** Starts a stopped child from its kept spec (not for simple_one_for_one). */
  public Promise<Void> restartChildAsync(String id) {
    return engine.api().restartChild(id);
  }

  public Reply<Void> restartChild(String id) {
    return await(restartChildAsync(id), ServerHost.DEFAULT_TIMEOUT);
  }

  /** Forgets the spec of a stopped child (not for simple_one_for_one). */
  public Promise<Void> deleteChildAsync(String id) {
    return engine.api().deleteChild(id);
  }

  public Reply<Void> deleteChild(String id) {
    return await(deleteChildAsync(id), ServerHost.DEFAULT_TIMEOUT);
  }

  /** The children in start order (dynamic ones: unordered). */
  public Promise<List<ChildInfo>> whichChildrenAsync() {
    return engine.api().whichChildren();
  }

  public Reply<List<ChildInfo>> whichChildren() {
    return await(whichChildrenAsync(), ServerHost.DEFAULT_TIMEOUT);
  }

  /**
   * OTP's {@code count_children}: specs, active (running or starting), supervisors, workers.
   * Also in every {@link TreeSnapshot} of a running supervisor.
   */
  public Promise<ChildCounts> countChildrenAsync() {
    return engine.api().countChildren();
  }

  public Reply<ChildCounts> countChildren() {
    return await(countChildrenAsync(), ServerHost.DEFAULT_TIMEOUT);
  }

  /** The child supervisor {@code id} as it runs now (look it up again after it restarts). */
  public Promise<Supervisor> childSupervisorAsync(String id) {
    Promise<Supervisor> out = new Promise<>();
    engine.api().childSupervisor(id).onComplete(r -> out.complete(
        r instanceof Reply.Ok<SupervisorEngine> ok
            ? Reply.ok(new Supervisor(ok.value()))
            : ((Reply.Failure<SupervisorEngine>) r).retype()));
    return out;
  }

  public Reply<Supervisor> childSupervisor(String id) {
    return await(childSupervisorAsync(id), ServerHost.DEFAULT_TIMEOUT);
  }

  /** An immutable picture of this subtree (status, restarts, last exits, loops). */
  public Promise<TreeSnapshot> snapshotAsync() {
    return engine.api().snapshot();
  }

  public Reply<TreeSnapshot> snapshot() {
    return await(snapshotAsync(), ServerHost.DEFAULT_TIMEOUT);
  }

  /** Work in flight in the whole tree (0 = quiescent); for tests. */
  int inFlight() {
    return engine.tree().inFlight();
  }

  private static <T> Reply<T> await(Promise<T> p, Duration timeout) {
    return p.await(Deadline.after(timeout), IdleStrategy.DEFAULT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Supervisor s && s.engine == engine;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(engine);
  }

  @Override
  public String toString() {
    return "Supervisor[" + path() + " " + status().label() + "]";
  }

  /** Configures a root supervisor. */
  public static final class Builder {
    private final String name;
    private final ServerHost host;
    private final SupervisorSpec spec;
    private @Nullable Clock clock;
    private @Nullable CrashReports crashReports;
    private SupervisorListener listener = SupervisorListener.NONE;
    private @Nullable ExitListener onGiveUp;

    private Builder(String name, ServerHost host, SupervisorSpec spec) {
      if (name == null || name.isEmpty() || name.contains("/")) {
        throw new IllegalArgumentException("a supervisor name is non-empty without '/': " + name);
      }
      this.name = name;
      this.host = Objects.requireNonNull(host, "host");
      this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** The clock for restart windows, backoff and shutdown timeouts (default: the loop's). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where crashes are kept (default: a new ring of 100). Share one per node. */
    public Builder crashReports(CrashReports reports) {
      this.crashReports = Objects.requireNonNull(reports, "reports");
      return this;
    }

    /** Observes the whole tree (metrics); default none. */
    public Builder listener(SupervisorListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Told when this root gives up (after its children stopped): {@code onExit(name, shutdown,
     * null)}. Runs on the supervisor's decision thread; keep it quick.
     */
    public Builder onGiveUp(ExitListener listener) {
      this.onGiveUp = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The supervisor, not started yet. */
    public Supervisor build() {
      Clock c = clock != null ? clock : host.loopOf(name).clock();
      CrashReports reports = crashReports != null ? crashReports : new CrashReports();
      Tree tree = new Tree(name, host, c, reports, listener, onGiveUp);
      return new Supervisor(SupervisorEngine.root(tree, name, spec));
    }
  }
}
