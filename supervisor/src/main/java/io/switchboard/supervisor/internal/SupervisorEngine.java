package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.ChildType;
import io.switchboard.supervisor.ExitListener;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Strategy;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.internal.RestartPlanner.Decision;
import io.switchboard.supervisor.internal.RestartPlanner.GiveUp;
import io.switchboard.supervisor.internal.RestartPlanner.Keep;
import io.switchboard.supervisor.internal.RestartPlanner.Plan;
import io.switchboard.supervisor.internal.RestartPlanner.Remove;
import io.switchboard.supervisor.internal.RestartPlanner.RestartChildren;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of one supervisor.
 *
 * <h2>Design</h2>
 *
 * Everything a supervisor decides runs in its {@link SerialExecutor}: child exits (reported on the
 * child's loop thread), completions of starts and stops, timeouts, backoffs and API requests.
 * Decisions are the pure {@link RestartPlanner}; this class keeps the state and applies plans with
 * the asynchronous {@link ChildActions}. No thread ever waits for another here.
 *
 * <p>Multi-step work — starting the children, a group restart ({@code one_for_all},
 * {@code rest_for_one}), a shutdown, and the dynamic API on static children — makes the supervisor
 * <em>busy</em>: like an OTP supervisor process inside a callback, it defers further exits and
 * requests until the work is done, then handles them in order (stale ones are recognised and
 * dropped). Single-child restarts ({@code one_for_one}, {@code simple_one_for_one}) are not busy
 * work, so a crash never waits for another child's {@code init}: the fast path is an exit
 * reported on the child's loop thread, decided inline, and {@code init} re-run in place before the
 * loop takes its next event.
 */
public final class SupervisorEngine {
  static final Logger log = LoggerFactory.getLogger("io.switchboard.supervisor.Supervisor");

  final Tree tree;
  final String name;
  final String path;
  final SupervisorSpec spec;
  final SerialExecutor serial;
  final Children children;
  final ChildActions actions;
  private final SupervisorEngine parent;
  private final ChildRecord self;
  private final int selfCell;
  private final EngineApi api;
  private RestartWindow window;
  private volatile ChildStatus status = ChildStatus.STOPPED;
  private volatile ExitReason exitReason;
  private boolean started;
  private boolean busy;
  private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
  private Promise<Void> startPromise;
  private final List<Promise<Void>> stopWaiters = new ArrayList<>();

  private SupervisorEngine(Tree tree, String name, String path, SupervisorSpec spec,
      SupervisorEngine parent, ChildRecord self, int selfCell) {
    this.tree = tree;
    this.name = name;
    this.path = path;
    this.spec = spec;
    this.parent = parent;
    this.self = self;
    this.selfCell = selfCell;
    this.serial = new SerialExecutor(path, tree.inFlight);
    this.children = new Children(spec.strategy() != Strategy.SIMPLE_ONE_FOR_ONE);
    this.actions = new ChildActions(this);
    this.api = new EngineApi(this);
  }

  /** The engine of a root supervisor (not started). */
  public static SupervisorEngine root(Tree tree, String name, SupervisorSpec spec) {
    return new SupervisorEngine(tree, name, name, spec, null, null, 0);
  }

  SupervisorEngine newChild(ChildRecord rec) {
    return new SupervisorEngine(tree, rec.id, path + "/" + rec.id, rec.spec.supervisor(), this,
        rec, rec.cell);
  }

  public String name() {
    return name;
  }

  public String path() {
    return path;
  }

  public SupervisorSpec spec() {
    return spec;
  }

  public Tree tree() {
    return tree;
  }

  public EngineApi api() {
    return api;
  }

  /** This supervisor's status. Any thread. */
  public ChildStatus status() {
    return status;
  }

  /** Why it stopped, or {@code null} while it has not. Any thread. */
  public @Nullable ExitReason exitReason() {
    return exitReason;
  }

  boolean running() {
    return status == ChildStatus.RUNNING;
  }

  // -------------------------------------------------------------------------------- lifecycle

  /** Starts the children left to right; fails (after stopping them) if one fails to start. */
  public Promise<Void> startAsync() {
    Promise<Void> p = new Promise<>();
    serial.execute(() -> start(p));
    return p;
  }

  private void start(Promise<Void> p) {
    if (started) {
      p.complete(new Reply.AlreadyStarted<>(path));
      return;
    }
    started = true;
    startPromise = p;
    window = RestartWindow.of(spec.intensity(), spec.period());
    status = ChildStatus.STARTING;
    busy = true;
    if (spec.strategy() != Strategy.SIMPLE_ONE_FOR_ONE) {
      for (ChildSpec c : spec.children()) {
        children.add(newRecord(c));
      }
    }
    actions.startEach(children.inOrder(), 0, false, this::startDone, this::startFailed);
  }

  ChildRecord newRecord(ChildSpec c) {
    String loop = c.type() == ChildType.WORKER ? tree.hostOf(c).loopOf(c.id()).name() : null;
    return new ChildRecord(c, loop);
  }

  private void startDone() {
    status = ChildStatus.RUNNING;
    log.debug("event=supervisor_started supervisor={} children={}", path, children.size());
    startPromise.complete(Reply.ok(null));
    idle();
  }

  private void startFailed(ChildRecord rec) {
    ExitReason why = ExitReason.shutdown(
        "{failed_to_start_child," + rec.id + "," + rec.lastExit + "}");
    log.error("event=supervisor_start_failed supervisor={} child={} reason=\"{}\"", path, rec.id,
        rec.lastExit);
    status = ChildStatus.STOPPING;
    actions.stopEach(children.reversed(), 0, () -> {
      stopped(why);
      startPromise.complete(new Reply.Crashed<>(path, why.toString()));
      idle();
    });
  }

  /** Stops the children right to left (dynamic ones all at once); completes when all stopped. */
  public Promise<Void> stopAsync() {
    Promise<Void> p = new Promise<>();
    serial.execute(() -> {
      if (!started || status == ChildStatus.STOPPED) {
        started = true;
        p.complete(Reply.ok(null));
        return;
      }
      stopWaiters.add(p);
      shutdownWhenIdle();
    });
    return p;
  }

  private void shutdownWhenIdle() {
    if (status == ChildStatus.STOPPING || status == ChildStatus.STOPPED) {
      return;
    }
    if (busy) {
      deferred.add(this::shutdownWhenIdle);
      return;
    }
    shutdown(false);
  }

  private void shutdown(boolean gaveUp) {
    busy = true;
    status = ChildStatus.STOPPING;
    Runnable finish = () -> {
      stopped(ExitReason.SHUTDOWN);
      if (gaveUp) {
        notifyExit();
      }
      idle();
    };
    if (spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE) {
      actions.stopAll(children.inOrder(), finish);
    } else {
      actions.stopEach(children.reversed(), 0, finish);
    }
  }

  private void stopped(ExitReason reason) {
    status = ChildStatus.STOPPED;
    exitReason = reason;
    for (Promise<Void> w : stopWaiters) {
      w.complete(Reply.ok(null));
    }
    stopWaiters.clear();
    if (parent == null) {
      tree.close();
    }
    log.debug("event=supervisor_stopped supervisor={} reason={}", path, reason);
  }

  private void notifyExit() {
    if (parent != null) {
      SupervisorEngine p = parent;
      p.serial.execute(() -> p.onExit(self, selfCell, ExitReason.SHUTDOWN));
      return;
    }
    log.error("event=root_supervisor_gave_up supervisor={} reason=shutdown note=\"the tree is "
        + "stopped; the node keeps running\"", path);
    if (tree.onRootExit != null) {
      try {
        tree.onRootExit.onExit(name, ExitReason.SHUTDOWN, null);
      } catch (RuntimeException e) {
        log.error("event=root_listener_failed supervisor={} error=\"{}\"", path, e.toString(), e);
      }
    }
  }

  // ------------------------------------------------------------------------- busy and deferred

  /** Runs {@code r} now if the supervisor is not busy, else after the busy work, in order. */
  void whenIdle(Runnable r) {
    if (busy) {
      deferred.add(() -> whenIdle(r));
    } else {
      r.run();
    }
  }

  /** Runs busy work: {@code body} gets the callback that ends it. Call only when idle. */
  void exclusive(Consumer<Runnable> body) {
    busy = true;
    body.accept(this::idle);
  }

  private void idle() {
    busy = false;
    Runnable r;
    while (!busy && (r = deferred.poll()) != null) {
      r.run();
    }
  }

  /** Completion of {@code p} comes back through this supervisor; counted as in flight. */
  void track(Promise<Void> p, Consumer<Reply<Void>> k) {
    tree.inFlight.incrementAndGet();
    p.onComplete(r -> serial.execute(() -> {
      tree.inFlight.decrementAndGet();
      k.accept(r);
    }));
  }

  // ------------------------------------------------------------------------------------ exits

  ExitListener listenerFor(ChildRecord rec, int cell) {
    return (server, reason, report) -> {
      if (report != null) {
        tree.crashes.record(report.withSupervisor(path));
      }
      serial.execute(() -> onExit(rec, cell, reason));
    };
  }

  void onExit(ChildRecord rec, int cell, ExitReason reason) {
    if (busy) {
      deferred.add(() -> onExit(rec, cell, reason));
      return;
    }
    if (status != ChildStatus.RUNNING || children.get(rec.id) != rec || rec.cell != cell
        || (rec.status != ChildStatus.RUNNING && rec.status != ChildStatus.STARTING)) {
      return; // stale: that server was already stopped or replaced
    }
    rec.token++;
    rec.status = ChildStatus.STOPPED;
    rec.held = rec.isWorker();
    rec.lastExit = reason;
    tree.listener.childExited(path, rec.id, reason);
    decide(RestartPlanner.onExit(spec.strategy(), viewFor(rec), rec.id, reason, window,
        tree.now()), rec);
  }

  private void onRetry(ChildRecord rec, long token) {
    if (busy) {
      deferred.add(() -> onRetry(rec, token));
      return;
    }
    if (status != ChildStatus.RUNNING || children.get(rec.id) != rec || rec.token != token) {
      return;
    }
    decide(RestartPlanner.onRetry(spec.strategy(), viewFor(rec), rec.id, window, tree.now()),
        rec);
  }

  private List<RestartPlanner.Child> viewFor(ChildRecord failed) {
    Strategy s = spec.strategy();
    if (s == Strategy.ONE_FOR_ONE || s == Strategy.SIMPLE_ONE_FOR_ONE) {
      return List.of(failed.view()); // only the failed child matters: O(1) per exit
    }
    List<RestartPlanner.Child> all = new ArrayList<>(children.size());
    for (ChildRecord r : children.inOrder()) {
      all.add(r.view());
    }
    return all;
  }

  private void decide(Decision d, ChildRecord rec) {
    window = d.window();
    Plan plan = d.plan();
    if (plan instanceof Keep) {
      actions.stop(rec, () -> {});
    } else if (plan instanceof Remove) {
      actions.stop(rec, () -> children.remove(rec));
    } else if (plan instanceof GiveUp) {
      giveUp(rec);
    } else if (plan instanceof RestartChildren r) {
      if (r.stop().isEmpty() && r.drop().isEmpty() && r.start().size() == 1) {
        restartOne(rec);
      } else {
        restartGroup(rec, r);
      }
    }
  }

  private void restartOne(ChildRecord rec) {
    rec.restarts++;
    tree.listener.childRestarting(path, rec.id);
    if (rec.spec.backoff() == null) {
      restartNow(rec);
    } else {
      actions.backoff(rec, actions.backoffDelay(rec), () -> restartNow(rec));
    }
  }

  private void restartNow(ChildRecord rec) {
    actions.start(rec, (reply, current) -> {
      if (current && !reply.isOk()) {
        retryLater(rec);
      }
    });
  }

  /** OTP's {@code try_again_restart}: retry through the queue, counting another restart. */
  private void retryLater(ChildRecord rec) {
    rec.status = ChildStatus.RESTARTING;
    long token = rec.token;
    serial.execute(() -> onRetry(rec, token));
  }

  private void restartGroup(ChildRecord failed, RestartChildren plan) {
    busy = true;
    status = ChildStatus.RESTARTING;
    log.debug("event=group_restart supervisor={} child={} stop={} drop={} start={}", path,
        failed.id, plan.stop(), plan.drop(), plan.start());
    actions.stopEach(records(plan.stop()), 0, () -> {
      for (String id : plan.drop()) {
        children.remove(children.get(id));
      }
      Runnable startAll = () -> actions.startEach(records(plan.start()), 0, true,
          this::groupDone, this::groupFailed);
      if (failed.spec.backoff() == null) {
        startAll.run();
      } else {
        actions.backoff(failed, actions.backoffDelay(failed), startAll);
      }
    });
  }

  private void groupDone() {
    status = ChildStatus.RUNNING;
    idle();
  }

  private void groupFailed(ChildRecord rec) {
    status = ChildStatus.RUNNING;
    retryLater(rec);
    idle();
  }

  private void giveUp(ChildRecord rec) {
    log.error("event=supervisor_gave_up supervisor={} child={} last_exit=\"{}\" "
        + "reason=reached_max_restart_intensity intensity={} period_ms={}", path, rec.id,
        rec.lastExit, spec.intensity(), spec.period().toMillis());
    tree.listener.gaveUp(path);
    shutdown(true);
  }

  private List<ChildRecord> records(List<String> ids) {
    List<ChildRecord> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      out.add(children.get(id));
    }
    return out;
  }

}
