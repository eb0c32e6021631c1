package io.switchboard.supervisor.app;

import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applications of one node (OTP's {@code application_controller}): loads them, starts them
 * after their dependencies ({@link StartOrder}; a cycle or a missing dependency is an error that
 * names it), watches their trees, stops them in reverse start order.
 *
 * <p>Each application runs as a root {@link Supervisor} named like the application, on this
 * node's {@link ServerHost}. When a tree gives up (restart intensity exceeded) the application has
 * stopped on its own: it is reported, and if its {@link StartType} says so every other
 * application is stopped and {@link ApplicationListener#nodeMustStop} is called.
 *
 * <p>Threads: every method may be called from any thread except an event-loop thread (starting
 * and stopping wait for supervisors, which need the loops); they are serialised by one lock. A
 * tree's give-up is handled on this controller's own thread (one daemon thread, bounded queue),
 * never on the supervisor's. Bounds: at most {@link #MAX_APPLICATIONS} applications; a start
 * waits up to {@code startTimeout} per application (default 30 s), a stop up to
 * {@code stopTimeout} (default 60 s, the supervisors' own default).
 */
public final class Applications implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Applications.class);
  public static final int MAX_APPLICATIONS = 1_000;

  private record Loaded(Application<?> app, StartType type) {}

  private record Running(Loaded loaded, Supervisor supervisor) {}

  private final ServerHost host;
  private final ApplicationListener listener;
  private final UnaryOperator<Supervisor.Builder> supervisors;
  private final Duration startTimeout;
  private final Duration stopTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Loaded> loaded = new LinkedHashMap<>();
  private final LinkedHashMap<String, Running> running = new LinkedHashMap<>();
  private final ThreadPoolExecutor controller;
  private boolean closed;

  private Applications(Builder b) {
    this.host = b.host;
    this.listener = b.listener;
    this.supervisors = b.supervisors;
    this.startTimeout = b.startTimeout;
    this.stopTimeout = b.stopTimeout;
    this.controller = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(MAX_APPLICATIONS), r -> {
          Thread t = new Thread(r, "application-controller");
          t.setDaemon(true);
          return t;
        });
  }

  /** A controller for applications whose trees run on {@code host}. */
  public static Builder builder(ServerHost host) {
    return new Builder(host);
  }

  /**
   * Loads {@code app} to be started as {@code type} (OTP {@code application:load} plus the type
   * given to {@code start}). {@code InvalidInput} if the name is taken; {@code Overloaded} past
   * {@link #MAX_APPLICATIONS}.
   */
  public Reply<Void> load(Application<?> app, StartType type) {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(type, "type");
    lock.lock();
    try {
      if (loaded.containsKey(app.name())) {
        return new Reply.InvalidInput<>("application " + app.name() + " is already loaded");
      }
      if (loaded.size() >= MAX_APPLICATIONS) {
        return new Reply.Overloaded<>("at most " + MAX_APPLICATIONS + " applications");
      }
      loaded.put(app.name(), new Loaded(app, type));
      return Reply.ok(null);
    } finally {
      lock.unlock();
    }
  }

  /** Starts every loaded application, dependencies first; returns the ones it started. Blocks. */
  public Reply<List<String>> startAll() {
    lock.lock();
    try {
      return startLocked(new ArrayList<>(loaded.keySet()));
    } finally {
      lock.unlock();
    }
  }

  /**
   * OTP {@code ensure_all_started}: starts {@code name} after whatever it depends on that is not
   * running; returns the applications started, in order. On a failure the ones this call started
   * are stopped again, in reverse. Errors: {@code NotFound} (not loaded), {@code InvalidInput}
   * (a dependency is missing or there is a cycle), {@code Crashed} (a tree failed to start),
   * {@code Unavailable} (closed). Blocks.
   */
  public Reply<List<String>> start(String name) {
    lock.lock();
    try {
      if (!loaded.containsKey(name)) {
        return new Reply.NotFound<>(name);
      }
      return startLocked(List.of(name));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops {@code name}'s tree, then its {@code onStop}. Applications that depend on it keep
   * running (as in OTP). {@code NotFound} if it is not running. Blocks up to the stop timeout.
   */
  public Reply<Void> stop(String name) {
    lock.lock();
    try {
      Running r = running.get(name);
      if (r == null) {
        return new Reply.NotFound<>(name);
      }
      return stopLocked(name, r);
    } finally {
      lock.unlock();
    }
  }

  /** Stops every running application in reverse start order. Blocks. */
  public void stopAll() {
    lock.lock();
    try {
      stopAllLocked();
    } finally {
      lock.unlock();
    }
  }

  /** The running applications in start order (a snapshot). */
  public List<String> running() {
    lock.lock();
    try {
      return List.copyOf(running.keySet());
    } finally {
      lock.unlock();
    }
  }

  /** The root supervisor of a running application. */
  public Optional<Supervisor> supervisor(String name) {
    lock.lock();
    try {
      Running r = running.get(name);
      return r == null ? Optional.empty() : Optional.of(r.supervisor());
    } finally {
      lock.unlock();
    }
  }

  /** Stops everything and the controller thread. Blocks. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      stopAllLocked();
    } finally {
      lock.unlock();
    }
    controller.shutdown();
  }

  // ---------------------------------------------------------------- under the lock

  private Reply<List<String>> startLocked(List<String> wanted) {
    if (closed) {
      return new Reply.Unavailable<>("applications are closed");
    }
    Map<String, List<String>> deps = new LinkedHashMap<>();
    loaded.forEach((n, l) -> deps.put(n, l.app().dependencies()));
    StartOrder.Result order = StartOrder.of(deps, wanted);
    if (order instanceof StartOrder.Cycle c) {
      return new Reply.InvalidInput<>(c.message());
    }
    if (order instanceof StartOrder.Missing m) {
      return new Reply.InvalidInput<>(m.message());
    }
    List<String> startedNow = new ArrayList<>();
    for (String name : ((StartOrder.Ordered) order).order()) {
      if (running.containsKey(name)) {
        continue;
      }
      Reply<Void> r = startOne(loaded.get(name));
      if (r instanceof Reply.Failure<Void> f) {
        List<String> undo = new ArrayList<>(startedNow);
        Collections.reverse(undo);
        for (String s : undo) {
          stopLocked(s, running.get(s));
        }
        return f.retype();
      }
      startedNow.add(name);
    }
    return Reply.ok(List.copyOf(startedNow));
  }

  private Reply<Void> startOne(Loaded l) {
    String name = l.app().name();
    SupervisorSpec spec;
    try {
      spec = l.app().buildTree();
    } catch (Exception | Error e) {
      log.error("event=application_start_failed application={} error=\"{}\"", name, e.toString(), e);
      return new Reply.Crashed<>(name, "building its tree failed: " + e);
    }
    AtomicReference<Supervisor> self = new AtomicReference<>();
    Supervisor sup = supervisors.apply(Supervisor.builder(name, host, spec))
        .onGiveUp((root, reason, report) -> onGaveUp(name, self.get(), reason)).build();
    self.set(sup);
    Reply<Void> r = sup.start(startTimeout);
    if (r instanceof Reply.Failure<Void> f) {
      log.error("event=application_start_failed application={} error=\"{}\"", name, f.message());
      if (f instanceof Reply.Timeout) {
        sup.stop(stopTimeout);
      }
      return f;
    }
    running.put(name, new Running(l, sup));
    log.info("event=application_started application={} type={}", name, l.type().otpName());
    listener.started(name, l.type());
    return r;
  }

  private Reply<Void> stopLocked(String name, Running r) {
    running.remove(name);
    Reply<Void> stopped = r.supervisor().stop(stopTimeout);
    runOnStop(r.loaded());
    log.info("event=application_stopped application={} type={}", name,
        r.loaded().type().otpName());
    listener.stopped(name, r.loaded().type(), ExitReason.SHUTDOWN, false);
    return stopped;
  }

  private void stopAllLocked() {
    List<String> names = new ArrayList<>(running.keySet());
    Collections.reverse(names);
    for (String n : names) {
      stopLocked(n, running.get(n));
    }
  }

  private void runOnStop(Loaded l) {
    try {
      l.app().stopped();
    } catch (Exception | Error e) {
      log.warn("event=application_on_stop_failed application={} error=\"{}\"", l.app().name(),
          e.toString(), e);
    }
  }

  // ---------------------------------------------------------------- a tree gave up

  private void onGaveUp(String name, Supervisor sup, ExitReason reason) {
    try {
      controller.execute(() -> exited(name, sup, reason));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.error("event=application_exit_dropped application={} reason=\"{}\"", name, reason);
    }
  }

  /** On the controller thread: {@code name}'s tree stopped on its own. */
  private void exited(String name, Supervisor sup, ExitReason reason) {
    lock.lock();
    try {
      Running r = running.get(name);
      if (r == null || !r.supervisor().equals(sup)) {
        return; // stopped on request meanwhile
      }
      running.remove(name);
      runOnStop(r.loaded());
      StartType type = r.loaded().type();
      log.error("event=application_exited application={} type={} reason=\"{}\"", name,
          type.otpName(), reason);
      listener.stopped(name, type, reason, true);
      if (type.stopsNodeAfter(reason)) {
        stopAllLocked();
        log.error("event=node_must_stop application={} reason=\"{}\"", name, reason);
        listener.nodeMustStop(name, reason);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Configures {@link Applications}. */
  public static final class Builder {
    private final ServerHost host;
    private ApplicationListener listener = ApplicationListener.NONE;
    private UnaryOperator<Supervisor.Builder> supervisors = b -> b;
    private Duration startTimeout = Duration.ofSeconds(30);
    private Duration stopTimeout = Duration.ofSeconds(60);

    private Builder(ServerHost host) {
      this.host = Objects.requireNonNull(host, "host");
    }

    public Builder listener(ApplicationListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Adjusts every application's root supervisor (clock, crash reports, metrics listener). */
    public Builder supervisors(UnaryOperator<Supervisor.Builder> configure) {
      this.supervisors = Objects.requireNonNull(configure, "configure");
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Applications build() {
      return new Applications(this);
    }
  }
}
