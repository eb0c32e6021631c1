package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.Backpressure;
import io.switchboard.supervisor.DecodeException;
import io.switchboard.supervisor.ExitListener;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ReplyException;
import io.switchboard.supervisor.ServerNames;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.Stepped;
import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code EventLoop}: the requests any thread makes of a loop, turned into
 * inbox events, and the wiring of the loop's parts.
 *
 * <h2>Parts</h2>
 *
 * <ul>
 *   <li>{@link Inbox}: the bounded ring; claims go through {@link RingClaim}, shared with
 *       {@code GenEvent}.
 *   <li>{@link LoopThread}: the loop (wait, batch, dispatch, timers, halt).
 *   <li>{@link Stepper}: one step, the hot path; {@link Lifecycle}: init, stop, hand-off,
 *       restart, exit.
 *   <li>{@link LoopExceptionHandler}: what happens when user code throws.
 *   <li>{@link LoopTimers}: pending timers, bounded.
 * </ul>
 *
 * <p>Names resolve here, on the caller's thread, through a concurrent map (an unknown name costs
 * the loop nothing, and bad bytes are decoded before anything is queued); every other field of a
 * server is touched only by the loop thread. Lifecycle requests made on the loop thread itself
 * run inline. Every method is thread-safe and never blocks, except {@link #awaitExit}.
 */
public final class LoopEngine {
  /** Every loop line logs under the facade's name. */
  static final Logger LOG = LoggerFactory.getLogger("io.switchboard.supervisor.EventLoop");

  private final LoopConfig config;
  private final ConcurrentHashMap<String, ServerCell> cells = new ConcurrentHashMap<>();
  private final LoopCounters counters = new LoopCounters();
  private final LoopTimers timers;
  private final Inbox inbox;
  private final Lifecycle lifecycle;
  private final LoopThread loop;

  /** Builds the loop and starts its thread. */
  public LoopEngine(LoopConfig config) {
    this.config = config;
    LoopWaitStrategy wait = new LoopWaitStrategy(config.idle());
    LoopExceptionHandler exceptions =
        new LoggingExceptionHandler(config.name(), config.clock(), counters);
    this.timers = new LoopTimers(config.timerCapacity());
    this.inbox = new Inbox(config.name(), config.inboxCapacity(), wait, counters);
    this.lifecycle = new Lifecycle(config.name(), cells, counters, exceptions,
        config.unsupervisedCrash());
    Stepper stepper = new Stepper(counters, lifecycle, exceptions);
    this.loop = new LoopThread(config.name(), config.clock(), inbox, wait, timers, cells,
        lifecycle, exceptions, stepper);
    config.clock().onAdvance(wait::wake);
    loop.start();
  }

  /** The counters the {@code LoopStats} view reads. */
  public LoopCounters counters() {
    return counters;
  }

  /** True on the loop thread. */
  public boolean inLoop() {
    return loop.isLoopThread();
  }

  /** Events queued and not yet taken. Approximate. */
  public long inboxSize() {
    return inbox.size();
  }

  /** Servers registered (any status). */
  public int serverCount() {
    return cells.size();
  }

  /** A snapshot of the registered names. */
  public List<String> names() {
    return List.copyOf(cells.keySet());
  }

  /** The status of {@code name}, or null if no such server. */
  public @Nullable ServerStatus status(String name) {
    ServerCell cell = cells.get(name);
    return cell == null ? null : cell.status;
  }

  /** EXITED → RESTARTING: calls get {@code Unavailable} until the restart. */
  public void markRestarting(String name) {
    ServerCell cell = cells.get(name);
    if (cell != null && cell.status == ServerStatus.EXITED) {
      cell.status = ServerStatus.RESTARTING;
    }
  }

  // ---------------------------------------------------------------- requests (any thread)

  /** Registers the server and queues its {@code init}; see {@code ServerHost.startAsync}. */
  public Promise<Void> start(String name, GenServer<?, ?, ?> server, ExitListener listener) {
    Optional<String> bad = ServerNames.problem(name);
    if (bad.isPresent()) {
      return Promise.completed(new Reply.InvalidInput<>(bad.get()));
    }
    ServerCell cell = new ServerCell(name, server, listener, config.inputRingSize());
    if (cells.putIfAbsent(name, cell) != null) {
      return Promise.completed(new Reply.AlreadyStarted<>(name));
    }
    Promise<Void> p = new Promise<>();
    if (inbox.sendControl(Envelope.START, cell, erase(p), null) < 0) {
      cells.remove(name, cell);
    }
    return p;
  }

  /** A call with its deadline flattened ({@code Deadline.clock()}, {@code atNanos()}). */
  public <O> Promise<O> call(
      String name, Object input, Clock deadlineClock, long deadlineNanos, Backpressure bp) {
    ServerCell cell = cells.get(name);
    if (cell == null) {
      return Promise.completed(new Reply.NotFound<>(name));
    }
    Promise<O> p = new Promise<>();
    inbox.sendCall(cell, input, erase(p), deadlineClock, deadlineNanos, Envelope.OBJECT,
        bp == Backpressure.WAIT);
    return p;
  }

  /** {@link #call} of bytes: decoded here, the output encoded on the loop. */
  public Promise<byte[]> callBytes(
      String name, byte[] payload, Clock deadlineClock, long deadlineNanos, Backpressure bp) {
    return callEncoded(name, payload, deadlineClock, deadlineNanos, bp, Envelope.WIRE);
  }

  /**
   * {@link #callBytes}, completing with the output and the state after the step, encoded by the
   * server's state codec ({@code ServerHost.callSteppedAsync}).
   */
  public Promise<Stepped> callStepped(
      String name, byte[] payload, Clock deadlineClock, long deadlineNanos, Backpressure bp) {
    ServerCell cell = cells.get(name);
    if (cell != null && cell.server.stateCodec() == null) {
      return Promise.completed(new Reply.Unavailable<>("server '" + name + "' ("
          + cell.server.getClass().getSimpleName() + ") has no state codec, so its state cannot "
          + "be replicated"));
    }
    return callEncoded(name, payload, deadlineClock, deadlineNanos, bp, Envelope.STEPPED);
  }

  private <T> Promise<T> callEncoded(String name, byte[] payload, Clock deadlineClock,
      long deadlineNanos, Backpressure bp, byte mode) {
    ServerCell cell = cells.get(name);
    if (cell == null) {
      return Promise.completed(new Reply.NotFound<>(name));
    }
    Object input;
    try {
      input = cell.server.codec().decode(payload);
    } catch (DecodeException | RuntimeException e) {
      return Promise.completed(new Reply.InvalidInput<>(e.getMessage()));
    }
    Promise<T> p = new Promise<>();
    inbox.sendCall(cell, input, erase(p), deadlineClock, deadlineNanos, mode,
        bp == Backpressure.WAIT);
    return p;
  }

  /** Queues {@code input} without a reply; never waits. */
  public Reply<Void> cast(String name, Object input) {
    ServerCell cell = cells.get(name);
    if (cell == null) {
      return new Reply.NotFound<>(name);
    }
    long seq = inbox.sendCast(cell, input);
    return seq >= 0 ? Reply.ok(null) : inbox.refusal(seq);
  }

  /** Decodes here, then {@link #cast}. */
  public Reply<Void> castBytes(String name, byte[] payload) {
    ServerCell cell = cells.get(name);
    if (cell == null) {
      return new Reply.NotFound<>(name);
    }
    try {
      return cast(name, cell.server.codec().decode(payload));
    } catch (DecodeException | RuntimeException e) {
      return new Reply.InvalidInput<>(e.getMessage());
    }
  }

  /**
   * A timer {@code delay} from now on the loop's clock that steps {@code input} on
   * {@code target}, or runs {@code action} when that is not null.
   *
   * @throws ReplyException with {@code Overloaded} when the timers or the inbox are full
   */
  public LoopTimer schedule(Duration delay, String target, Object input, Runnable action) {
    if (!timers.reserve()) {
      throw new ReplyException(new Reply.Overloaded<>("loop " + config.name() + ": timers full"));
    }
    long due = config.clock().nanoTime() + Math.max(0, delay.toNanos());
    LoopTimer t = new LoopTimer(due, target, input, action);
    if (inLoop()) {
      timers.add(t);
    } else if (inbox.sendControl(Envelope.TIMER, null, null, t) < 0) {
      timers.release();
      throw new ReplyException(new Reply.Overloaded<>("loop " + config.name() + ": inbox full"));
    }
    return t;
  }

  /** Runs {@code task} on the loop in inbox order (inline on the loop); false if refused. */
  public boolean execute(Runnable task) {
    if (inLoop() && !inbox.halted()) {
      loop.runTask(task);
      return true;
    }
    return inbox.sendControl(Envelope.TASK, null, null, task) >= 0;
  }

  /** {@code terminate} and remove; see {@code ServerHost.stopAsync}. */
  public Promise<Void> stop(String name, ExitReason reason) {
    return lifecycleRequest(Envelope.STOP, name, reason);
  }

  /** State out, then stop; see {@code ServerHost.handOffAsync}. */
  public Promise<byte[]> handOff(String name, ExitReason reason) {
    return lifecycleRequest(Envelope.HANDOFF, name, reason);
  }

  /** An exit signal (OTP {@code exit(Pid, Reason)}); see {@code ServerHost.killAsync}. */
  public Promise<Void> kill(String name, ExitReason reason) {
    return lifecycleRequest(Envelope.KILL, name, reason);
  }

  /** Re-runs {@code init} of a held server; see {@code ServerHost.restartAsync}. */
  public Promise<Void> restart(String name) {
    return lifecycleRequest(Envelope.RESTART, name, null);
  }

  /** STOP, HANDOFF, KILL or RESTART: inline on the loop thread, queued from any other. */
  private <T> Promise<T> lifecycleRequest(byte kind, String name, ExitReason reason) {
    ServerCell cell = cells.get(name);
    if (cell == null) {
      return Promise.completed(new Reply.NotFound<>(name));
    }
    Promise<T> p = new Promise<>();
    if (!inLoop()) {
      inbox.sendControl(kind, cell, erase(p), reason);
    } else if (kind == Envelope.STOP) {
      lifecycle.stop(cell, reason, erase(p));
    } else if (kind == Envelope.HANDOFF) {
      lifecycle.handOff(cell, reason, erase(p));
    } else if (kind == Envelope.KILL) {
      lifecycle.kill(cell, reason, erase(p));
    } else {
      lifecycle.restart(cell, erase(p));
    }
    return p;
  }

  // ---------------------------------------------------------------- stopping

  /** Refuses new work and queues the halt behind what is queued (idempotent, never waits). */
  public synchronized void beginStop() {
    if (!inbox.refusing()) {
      inbox.refuse();
      inbox.publishHalt(counters.currentServer());
    }
  }

  /** Waits up to {@code timeout} for the loop thread to exit; true if it did. Blocks. */
  public boolean awaitExit(Duration timeout) {
    try {
      return loop.awaitExit(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Promise<Object> erase(Promise<T> p) {
    return (Promise<Object>) (Promise<?>) p;
  }
}
