package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.Backoff;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.ChildType;
import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Restart;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.Shutdown;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The asynchronous actions on one child: start (fresh, or {@code init} again in place), stop
 * (with its shutdown timeout) and backoff. Each is issued from the supervisor's serial executor
 * and its completion comes back through it; nothing here blocks. Completions of superseded
 * actions (stale token) leave the record alone.
 */
final class ChildActions {
  private static final Logger log = SupervisorEngine.log;

  /** What a start continuation gets: the reply, and whether the start was still current. */
  interface Started {
    void done(Reply<Void> reply, boolean current);
  }

  private final SupervisorEngine engine;
  private final Tree tree;

  ChildActions(SupervisorEngine engine) {
    this.engine = engine;
    this.tree = engine.tree;
  }

  // ------------------------------------------------------------------------------------ start

  /** Starts {@code rec}: in place if the host holds its exited server, else fresh. */
  void start(ChildRecord rec, Started k) {
    if (rec.status == ChildStatus.STOPPING) {
      stop(rec, () -> start(rec, k)); // the old server must be gone before its name is reused
      return;
    }
    long token = ++rec.token;
    rec.status = ChildStatus.STARTING;
    Promise<Void> p = issueStart(rec);
    engine.track(p, reply -> {
      boolean current = rec.token == token;
      if (current) {
        started(rec, reply);
      }
      k.done(reply, current);
    });
  }

  private Promise<Void> issueStart(ChildRecord rec) {
    if (rec.spec.type() == ChildType.SUPERVISOR) {
      rec.cell++;
      rec.sup = engine.newChild(rec);
      return rec.sup.startAsync();
    }
    ServerHost host = tree.hostOf(rec.spec);
    if (rec.held) {
      return host.restartAsync(rec.id);
    }
    rec.startError = null;
    rec.ignored = false;
    GenServer<?, ?, ?> server;
    try {
      server = Objects.requireNonNull(rec.spec.start().apply(rec.id), "start returned null");
    } catch (RuntimeException e) {
      rec.startError = e; // no init ran: a start_error report only, no crash report
      return Promise.completed(new Reply.Crashed<>(rec.id, "start function failed: " + e));
    }
    if (server == ChildSpec.ignore()) {
      rec.ignored = true; // OTP's {ok, undefined}: not running, not a failure
      return Promise.completed(Reply.ok(null));
    }
    rec.kind = server.kind();
    rec.cell++;
    return host.startAsync(rec.id, server, engine.listenerFor(rec, rec.cell));
  }

  private void started(ChildRecord rec, Reply<Void> reply) {
    if (reply.isOk() && rec.ignored) {
      ignored(rec);
      return;
    }
    if (reply.isOk()) {
      rec.status = ChildStatus.RUNNING;
      rec.held = false;
      rec.runningSince = tree.now();
      tree.listener.childStarted(engine.path, rec.id);
      return;
    }
    String message = ((Reply.Failure<?>) reply).message();
    ExitReason why = rec.sup != null && rec.sup.exitReason() != null && !rec.isWorker()
        ? rec.sup.exitReason()
        : rec.startError != null ? ExitReason.crash(rec.startError)
        : ExitReason.crash(new StartFailure(message));
    rec.lastExit = why;
    rec.status = ChildStatus.STOPPED;
    rec.runningSince = 0;
    rec.held = rec.held && reply instanceof Reply.Crashed; // a failed init in place is held
    if (rec.isWorker() && reply instanceof Reply.Crashed && rec.startError == null) {
      // init ran and threw: that is a crash (OTP: proc_lib's crash report)
      tree.crashes.record(new CrashReport(rec.id, rec.kind, rec.loop, engine.path, "init",
          ((ExitReason.Crash) why).cause(), List.of(), tree.now()));
    }
    // OTP's supervisor report, context start_error, whatever failed
    log.error("event=start_error supervisor={} child={} reason=\"{}\"", engine.path, rec.id, why,
        rec.startError);
    tree.listener.startError(engine.path, rec.id, why);
  }

  /**
   * The start function returned {@link ChildSpec#ignore()} (OTP: {@code ignore}, the child's pid
   * is {@code undefined}): not running, its spec kept — except a temporary child's or a dynamic
   * one's, which OTP does not keep either. Not a failure, so no retry and no report.
   */
  private void ignored(ChildRecord rec) {
    rec.status = ChildStatus.STOPPED;
    rec.held = false;
    rec.runningSince = 0;
    if (rec.spec.restart() == Restart.TEMPORARY || !engine.children.ordered()) {
      engine.children.remove(rec);
    }
    log.info("event=child_ignored supervisor={} child={}", engine.path, rec.id);
  }

  /** Starts {@code recs} one after the other; {@code failed} gets the first that fails. */
  void startEach(List<ChildRecord> recs, int i, boolean restart, Runnable done,
      Consumer<ChildRecord> failed) {
    if (i == recs.size()) {
      done.run();
      return;
    }
    ChildRecord rec = recs.get(i);
    if (restart) {
      rec.restarts++;
      tree.listener.childRestarting(engine.path, rec.id);
    }
    start(rec, (reply, current) -> {
      if (reply.isOk()) {
        startEach(recs, i + 1, restart, done, failed);
      } else {
        failed.accept(rec);
      }
    });
  }
  // ------------------------------------------------------------------------------------- stop

  /**
   * Stops {@code rec} whatever its state, then runs {@code k}: {@code terminate(shutdown)} and
   * wait up to its shutdown timeout; past it the child is dropped and logged as a brutal kill.
   */
  void stop(ChildRecord rec, Runnable k) {
    cancelBackoff(rec);
    boolean nothing = rec.isWorker() ? !rec.held && rec.status == ChildStatus.STOPPED
        : rec.sup == null || rec.status == ChildStatus.STOPPED;
    if (nothing) {
      k.run();
      return;
    }
    long token = ++rec.token;
    boolean wasHeld = rec.held;
    rec.status = ChildStatus.STOPPING;
    Shutdown sd = rec.spec.shutdown();
    boolean kill = sd instanceof Shutdown.BrutalKill;
    Duration wait = wasHeld || kill ? Shutdown.KILL_WAIT
        : sd instanceof Shutdown.Timeout t ? t.duration() : null;
    boolean[] once = {false};
    tree.inFlight.incrementAndGet();
    // the timer goes first: once terminate runs, its deadline is already set
    Deadlines.Entry timer = wait == null ? null : tree.deadlines.schedule(wait,
        () -> engine.serial.execute(() -> stopped(rec, token, once, wasHeld, kill, wait, k)));
    Runnable done = () -> {
      if (timer != null) {
        timer.cancel();
      }
      stopped(rec, token, once, wasHeld, kill, null, k);
    };
    if (rec.isWorker()) {
      stopWorker(rec, kill || wasHeld ? ExitReason.KILLED : ExitReason.SHUTDOWN, once, done);
    } else {
      rec.sup.stopAsync().onComplete(r -> engine.serial.execute(done));
    }
  }

  /**
   * Asks the host to stop a worker. {@code terminate} is user code: it must never run inline in
   * a supervisor decision (which happens when the decision runs on the child's own loop thread),
   * or a stuck {@code terminate} would also hold up the timeout that guards it. So a stop that
   * runs {@code terminate} from the child's loop thread is issued from the tree's timer thread.
   * A stop refused because the inbox is full is retried every millisecond until it is queued or
   * the shutdown timeout drops the child.
   */
  private void stopWorker(ChildRecord rec, ExitReason how, boolean[] once, Runnable done) {
    ServerHost host = tree.hostOf(rec.spec);
    Runnable issue = () -> host.stopAsync(rec.id, how).onComplete(r -> engine.serial.execute(() -> {
      if (r instanceof Reply.Overloaded && !once[0]) {
        tree.deadlines.schedule(Duration.ofMillis(1),
            () -> engine.serial.execute(() -> stopWorker(rec, how, once, done)));
      } else {
        done.run();
      }
    }));
    if (how != ExitReason.KILLED && host.loopOf(rec.id).inLoop()) {
      tree.deadlines.schedule(Duration.ZERO, issue);
    } else {
      issue.run();
    }
  }

  private void stopped(ChildRecord rec, long token, boolean[] once, boolean wasHeld,
      boolean kill, Duration timedOut, Runnable k) {
    if (once[0]) {
      return;
    }
    once[0] = true;
    tree.inFlight.decrementAndGet();
    if (timedOut != null) {
      log.error("event=child_killed supervisor={} child={} reason=shutdown_timeout timeout_ms={} "
          + "note=\"terminate did not return in time: dropped as a brutal kill; a loop thread "
          + "cannot be pre-empted, so it may still be running it\"", engine.path, rec.id,
          timedOut.toMillis());
    }
    if (rec.token == token) {
      rec.status = ChildStatus.STOPPED;
      rec.held = false;
      rec.runningSince = 0;
      if (!wasHeld) {
        rec.lastExit = kill || timedOut != null ? ExitReason.KILLED : ExitReason.SHUTDOWN;
      }
    }
    k.run();
  }

  /** Stops {@code recs} one after the other (the caller passes right-to-left order). */
  void stopEach(List<ChildRecord> recs, int i, Runnable done) {
    if (i == recs.size()) {
      done.run();
      return;
    }
    stop(recs.get(i), () -> stopEach(recs, i + 1, done));
  }

  /** Stops {@code recs} all at once (dynamic children, as OTP does). */
  void stopAll(List<ChildRecord> recs, Runnable done) {
    int[] left = {recs.size() + 1};
    Runnable one = () -> {
      if (--left[0] == 0) {
        done.run();
      }
    };
    for (ChildRecord rec : recs) {
      stop(rec, one);
    }
    one.run();
  }

  // ---------------------------------------------------------------------------------- backoff

  /** The next backoff delay of {@code rec}; the count restarts after a long enough uptime. */
  Duration backoffDelay(ChildRecord rec) {
    Backoff b = rec.spec.backoff();
    if (rec.runningSince != 0 && tree.now() - rec.runningSince >= b.resetAfter().toNanos()) {
      rec.backoffAttempt = 0;
    }
    return b.delay(rec.backoffAttempt++);
  }

  /**
   * Waits {@code delay} (on the child's loop for a worker, on the tree's timer for a supervisor)
   * with the child marked restarting, then runs {@code then} in the supervisor.
   */
  void backoff(ChildRecord rec, Duration delay, Runnable then) {
    long token = ++rec.token;
    tree.inFlight.incrementAndGet();
    Runnable fire = () -> engine.serial.execute(() -> {
      if (rec.token != token || rec.cancelBackoff == null) {
        return; // cancelled (and counted) by a stop
      }
      rec.cancelBackoff = null;
      tree.inFlight.decrementAndGet();
      then.run();
    });
    log.debug("event=child_backoff supervisor={} child={} delay_ms={} attempt={}", engine.path,
        rec.id, delay.toMillis(), rec.backoffAttempt);
    // the due time is fixed before anyone can see the child restarting
    rec.cancelBackoff = schedule(rec, delay, fire);
    rec.status = ChildStatus.RESTARTING;
    if (rec.held) {
      tree.hostOf(rec.spec).markRestarting(rec.id);
    }
  }

  /** On the worker's loop (the restart then runs inline there), else on the tree's timer. */
  private Runnable schedule(ChildRecord rec, Duration delay, Runnable fire) {
    if (rec.isWorker()) {
      try {
        io.switchboard.supervisor.Timer t = tree.hostOf(rec.spec).loopOf(rec.id)
            .schedule(delay, fire);
        return t::cancel;
      } catch (RuntimeException e) {
        log.warn("event=backoff_timer_refused supervisor={} child={} error=\"{}\" "
            + "note=\"using the supervisor timer\"", engine.path, rec.id, e.toString());
      }
    }
    return tree.deadlines.schedule(delay, fire)::cancel;
  }

  void cancelBackoff(ChildRecord rec) {
    if (rec.cancelBackoff != null) {
      rec.cancelBackoff.run();
      rec.cancelBackoff = null;
      tree.inFlight.decrementAndGet();
    }
  }
}
