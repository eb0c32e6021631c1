package io.switchboard.supervisor;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread, one bounded inbox, many servers: the seed's event loop.
 *
 * <h2>Design</h2>
 *
 * The inbox is an LMAX Disruptor multi-producer ring of reusable {@link Envelope}s. Any thread
 * claims a slot ({@code tryNext}, never blocking), fills it and publishes; the loop thread takes
 * published slots in batches and steps the addressed server, one event at a time (fan-in). The
 * loop waits with {@link LoopWaitStrategy}: spin, yield, then park until a publish, the next due
 * timer, or a clock advance. Timers live in a loop-owned priority queue; {@code sendAfter} from
 * another thread travels through the inbox like any event, so a step only ever runs on the loop
 * thread.
 *
 * <p>Names resolve on the caller's thread through a concurrent map (so an unknown name costs the
 * loop nothing and bad bytes are decoded before anything is queued); every other field of a
 * server is touched only by the loop thread.
 *
 * <p>A step that throws is caught: the server runs {@code terminate} and is held as
 * {@link ServerStatus#EXITED} for its {@link ExitListener} (its supervisor), or logged and removed
 * if it has none; then the caller gets {@link Reply.Crashed}. The reply is always the last effect
 * of a step, so a caller holding it sees the exit (crash or stop) already handled. The loop and every other server keep
 * running. {@link VirtualMachineError}s other than {@link StackOverflowError} are not caught.
 *
 * <h2>Bounds</h2>
 *
 * The inbox holds at most {@code inboxCapacity} events (default 10 000; the ring is the next power
 * of two, the soft limit is exact for a single producer and may be exceeded by at most one event
 * per concurrent producer); a full inbox fails senders at once with {@link Reply.Overloaded}, or
 * makes them wait up to their deadline with {@link Backpressure#WAIT}. Timers are bounded
 * ({@code timerCapacity}, default 1 000 000). Each server remembers its last 32 inputs.
 */
public final class EventLoop implements ServerHost, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
  private static final int MAX_BATCH = 1024;
  private static final int NAME_LIMIT = 1024;

  private final String name;
  private final Clock clock;
  private final int inboxCapacity;
  private final int inputRingSize;
  private final RingBuffer<Envelope> ring;
  private final SequenceBarrier barrier;
  private final Sequence consumed = new Sequence(-1);
  /** Senders' racy cache of {@link #consumed}: only ever behind it, so never over the bound. */
  private long consumedCache = -1;
  private final LoopWaitStrategy waitStrategy;
  private final IdleStrategy idle;
  private final ConcurrentHashMap<String, ServerCell> cells = new ConcurrentHashMap<>();
  private final TimerQueue timers;
  private final AtomicInteger timerCount = new AtomicInteger();
  private final int timerCapacity;
  private final LoopStats stats = new LoopStats();
  private final java.util.function.Consumer<CrashReport> unsupervisedCrash;
  private final Thread thread;
  private final CountDownLatch exited = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile boolean halted;
  private long timerSeq;
  /** Loop clock at the start of the current batch: one clock read per batch, not per step. */
  private long batchStart;

  private EventLoop(Builder b) {
    this.name = b.name;
    this.clock = b.clock;
    this.inboxCapacity = b.inboxCapacity;
    this.inputRingSize = b.inputRingSize;
    this.timerCapacity = b.timerCapacity;
    this.timers = new TimerQueue(b.timerCapacity);
    this.idle = b.idle;
    this.waitStrategy = new LoopWaitStrategy(b.idle);
    int size = Integer.highestOneBit(Math.max(2, b.inboxCapacity) - 1) << 1;
    this.ring = RingBuffer.createMultiProducer(Envelope::new, size, waitStrategy);
    this.barrier = ring.newBarrier();
    this.ring.addGatingSequences(consumed);
    this.unsupervisedCrash = b.unsupervisedCrash;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    clock.onAdvance(waitStrategy::wake);
    this.thread.start();
  }

  /** A builder with the defaults: inbox 10 000, system clock, {@link IdleStrategy#DEFAULT}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** This loop's name (also its thread's name). */
  public String name() {
    return name;
  }

  /** Events queued and not yet taken by the loop. Any thread; approximate. */
  public long inboxSize() {
    return Math.max(0, ring.getCursor() - consumed.get());
  }

  /** The configured inbox bound. */
  public int inboxCapacity() {
    return inboxCapacity;
  }

  /** Servers registered on this loop. Any thread. */
  public int serverCount() {
    return cells.size();
  }

  /** Counters for metrics. Any thread; values may lag a little. */
  public LoopStats stats() {
    return stats;
  }

  /** How this loop waits for events, and how blocked callers of its servers wait for replies. */
  public IdleStrategy idleStrategy() {
    return idle;
  }

  /** The loop's clock. */
  public Clock clock() {
    return clock;
  }

  /** True when called on this loop's thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public EventLoop loopOf(String name) {
    return this;
  }

  // ---------------------------------------------------------------- public API (any thread)

  @Override
  public Promise<Void> startAsync(String name, GenServer<?, ?, ?> server, ExitListener listener) {
    String bad = checkName(name);
    if (bad != null) {
      return Promise.completed(new Reply.InvalidInput<>(bad));
    }
    ServerCell cell = new ServerCell(name, server, listener, inputRingSize);
    ServerCell prior = cells.putIfAbsent(name, cell);
    if (prior != null) {
      return Promise.completed(new Reply.AlreadyStarted<>(name));
    }
    Promise<Void> p = new Promise<>();
    if (publish(Envelope.START, cell, null, erase(p), null, 0, null, false, false) < 0) {
      cells.remove(name, cell);
    }
    return p;
  }

  @Override
  public <O> Promise<O> callAsync(String name, Object input, Deadline deadline, Backpressure bp) {
    ServerCell cell = cells.get(name);
    if (cell == null) {
      return Promise.completed(new Reply.NotFound<>(name));
    }
    Promise<O> p = new Promise<>();
    publish(Envelope.CALL, cell, input, erase(p), deadline.clock(), deadline.atNanos(), null,
        false, bp == Backpressure.WAIT);
    return p;
  }

  @Override
  public Promise<byte[]> callBytesAsync(
      String name, byte[] payload, Deadline deadline, Backpressure bp) {
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
    Promise<byte[]> p = new Promise<>();
    publish(Envelope.CALL, cell, input, erase(p), deadline.clock(), deadline.atNanos(), null,
        true, bp == Backpressure.WAIT);
    return p;
  }

  @Override
  public Reply<Void> cast(String name, Object input) {
    ServerCell cell = cells.get(name);
    if (cell == null) {
      return new Reply.NotFound<>(name);
    }
    long seq = publish(Envelope.CAST, cell, input, null, null, 0, null, false, false);
    return seq >= 0 ? Reply.ok(null) : claimError(seq);
  }

  @Override
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

  @Override
  public Timer sendAfter(Duration delay, String target, Object input) {
    return schedule(delay, target, input, null);
  }

  /**
   * Runs {@code action} on the loop thread after {@code delay} on the loop's clock (used by
   * supervisors for restart backoff and by state machines for their timeouts).
   */
  public Timer schedule(Duration delay, Runnable action) {
    return schedule(delay, null, null, action);
  }

  /**
   * Runs {@code task} on the loop thread, in inbox order. Returns false (and does not run it) if
   * the inbox is full or the loop stopped. The task must be quick and must not block.
   */
  public boolean execute(Runnable task) {
    if (inLoop() && !halted) {
      runTask(task);
      return true;
    }
    return publish(Envelope.TASK, null, null, null, null, 0, task, false, false) >= 0;
  }

  @Override
  public Promise<Void> stopAsync(String name, ExitReason reason) {
    ServerCell cell = cells.get(name);
    if (cell == null) {
      return Promise.completed(new Reply.NotFound<>(name));
    }
    Promise<Void> p = new Promise<>();
    if (inLoop()) {
      doStop(cell, reason, erase(p));
    } else {
      publish(Envelope.STOP, cell, null, erase(p), null, 0, reason, false, false);
    }
    return p;
  }

  @Override
  public Promise<byte[]> handOffAsync(String name, ExitReason reason) {
    ServerCell cell = cells.get(name);
    if (cell == null) {
      return Promise.completed(new Reply.NotFound<>(name));
    }
    Promise<byte[]> p = new Promise<>();
    if (inLoop()) {
      doHandOff(cell, reason, erase(p));
    } else {
      publish(Envelope.HANDOFF, cell, null, erase(p), null, 0, reason, false, false);
    }
    return p;
  }

  @Override
  public Promise<Void> restartAsync(String name) {
    ServerCell cell = cells.get(name);
    if (cell == null) {
      return Promise.completed(new Reply.NotFound<>(name));
    }
    Promise<Void> p = new Promise<>();
    if (inLoop()) {
      doRestart(cell, erase(p));
    } else {
      publish(Envelope.RESTART, cell, null, erase(p), null, 0, null, false, false);
    }
    return p;
  }

  @Override
  public void markRestarting(String name) {
    ServerCell cell = cells.get(name);
    if (cell != null && cell.status == ServerStatus.EXITED) {
      cell.status = ServerStatus.RESTARTING;
    }
  }

  @Override
  public ServerStatus status(String name) {
    ServerCell cell = cells.get(name);
    return cell == null ? null : cell.status;
  }

  /** The names of the servers on this loop (a snapshot; order unspecified). */
  public List<String> names() {
    return List.copyOf(cells.keySet());
  }

  /**
   * Stops the loop: new work is refused with {@code Unavailable("loop stopped")}, events already
   * queued are processed, remaining servers get {@code terminate(shutdown)}, then the thread
   * exits. Waits up to {@code timeout}; returns true if the loop exited in time. Blocks; not on
   * the loop thread.
   */
  public boolean stop(Duration timeout) {
    beginStop();
    try {
      return exited.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Refuses new work and queues the halt without waiting (idempotent). */
  synchronized void beginStop() {
    if (!stopping) {
      stopping = true;
      publishHalt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  // ---------------------------------------------------------------- publishing (any thread)

  private Timer schedule(Duration delay, String target, Object input, Runnable action) {
    if (timerCount.incrementAndGet() > timerCapacity) {
      timerCount.decrementAndGet();
      throw new ReplyException(new Reply.Overloaded<>("loop " + name + ": timers full"));
    }
    long due = clock.nanoTime() + Math.max(0, delay.toNanos());
    Timer t = new Timer(due, target, input, action);
    if (inLoop()) {
      addTimer(t);
    } else if (publish(Envelope.TIMER, null, null, null, null, 0, t, false, false) < 0) {
      timerCount.decrementAndGet();
      throw new ReplyException(new Reply.Overloaded<>("loop " + name + ": inbox full"));
    }
    return t;
  }

  private static final long STOPPED = -1;
  private static final long FULL = -2;

  /**
   * Claims a slot, fills it and publishes. Returns the sequence, or {@link #STOPPED} /
   * {@link #FULL} without queueing anything; then, if given, {@code promise} is completed with
   * the error.
   */
  private long publish(
      byte kind,
      ServerCell cell,
      Object input,
      Promise<Object> promise,
      Clock deadlineClock,
      long deadline,
      Object extra,
      boolean wire,
      boolean waitForRoom) {
    long seq = claim(waitForRoom ? deadlineClock : null, deadline);
    if (seq < 0) {
      if (promise != null) {
        promise.complete(claimError(seq));
      }
      return seq;
    }
    Envelope e = ring.get(seq);
    e.kind = kind;
    e.cell = cell;
    e.input = input;
    e.promise = promise;
    e.deadlineClock = deadlineClock;
    e.deadlineNanos = deadline;
    e.extra = extra;
    e.wire = wire;
    ring.publish(seq);
    if (halted && promise != null) {
      // the loop may have exited before it saw this slot: fail it ourselves (first wins)
      promise.complete(new Reply.Unavailable<>("loop " + name + " stopped"));
    }
    return seq;
  }

  /**
   * The soft inbox bound. Senders compare the claimed cursor with a cached copy of the loop's
   * progress and read the loop's (contended) sequence only when the cache says the inbox may be
   * full: reading it on every send would bounce its cache line between cores on every event.
   */
  private boolean hasRoom() {
    long cursor = ring.getCursor();
    if (cursor - consumedCache < inboxCapacity) {
      return true;
    }
    consumedCache = consumed.get();
    return cursor - consumedCache < inboxCapacity;
  }

  private <T> Reply<T> claimError(long code) {
    return code == STOPPED
        ? new Reply.Unavailable<>("loop " + name + " stopped")
        : new Reply.Overloaded<>("inbox of loop " + name + " is full (" + inboxCapacity
            + " events)");
  }

  /** Claims a slot; waits for room until {@code waitUntil} on {@code clock} unless it is null. */
  private long claim(Clock clock, long waitUntil) {
    int spins = 0;
    while (true) {
      if (stopping) {
        return STOPPED;
      }
      if (hasRoom()) {
        try {
          return ring.tryNext();
        } catch (InsufficientCapacityException ignored) {
          // fall through to the overload path
        }
      }
      if (clock == null || clock.nanoTime() - waitUntil >= 0 || inLoop()) {
        stats.overloads.increment();
        return FULL;
      }
      if (++spins < 100) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(20_000);
      }
    }
  }

  /**
   * Queues the halt behind everything already queued. Bounded: a loop whose inbox stays full for
   * 5 s (a step that never returns) is left behind, logged; it refuses new work either way.
   */
  private void publishHalt() {
    long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    long seq;
    while (true) {
      try {
        seq = ring.tryNext();
        break;
      } catch (InsufficientCapacityException e) {
        if (System.nanoTime() - giveUp > 0) {
          log.error("event=loop_stop_stuck loop={} reason=\"inbox full for 5 s: a step is not "
              + "returning\" current={}", name, stats.currentServer());
          return;
        }
        LockSupport.parkNanos(50_000);
      }
    }
    Envelope e = ring.get(seq);
    e.kind = Envelope.HALT;
    ring.publish(seq);
  }

  @SuppressWarnings("unchecked")
  private static <T> Promise<Object> erase(Promise<T> p) {
    return (Promise<Object>) (Promise<?>) p;
  }

  private static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      return "a server name must not be empty";
    }
    if (name.length() > NAME_LIMIT) {
      return "a server name is at most " + NAME_LIMIT + " characters (got " + name.length() + ")";
    }
    return null;
  }

  // ---------------------------------------------------------------- the loop (loop thread)

  private void run() {
    long next = 0;
    try {
      while (!halted) {
        long due = timers.nextDue(timerCount::decrementAndGet);
        waitStrategy.timeoutNanos =
            due == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, due - clock.nanoTime());
        long available;
        try {
          available = barrier.waitFor(next);
        } catch (AlertException | InterruptedException | com.lmax.disruptor.TimeoutException e) {
          available = next - 1;
        }
        long last = Math.min(available, next + MAX_BATCH - 1);
        batchStart = next <= last ? clock.nanoTime() : batchStart;
        for (; next <= last && !halted; next++) {
          // take the event out of its slot and free the slot before stepping: the inbox bound
          // counts events not yet taken, not the one being stepped
          Envelope e = ring.get(next);
          byte kind = e.kind;
          ServerCell cell = e.cell;
          Object input = e.input;
          Promise<Object> promise = e.promise;
          Clock deadlineClock = e.deadlineClock;
          long deadline = e.deadlineNanos;
          Object extra = e.extra;
          boolean wire = e.wire;
          e.clear();
          consumed.set(next);
          dispatch(kind, cell, input, promise, deadlineClock, deadline, extra, wire);
        }
        fireDueTimers();
      }
      drainAfterHalt(next);
    } catch (Throwable fatal) {
      log.error("event=loop_died loop={} reason=\"{}\"", name, fatal.toString(), fatal);
      halted = true;
      stopping = true;
      throw fatal;
    } finally {
      exited.countDown();
    }
  }

  private void dispatch(byte kind, ServerCell cell, Object input, Promise<Object> promise,
      Clock deadlineClock, long deadline, Object extra, boolean wire) {
    switch (kind) {
      case Envelope.CALL -> {
        if (deadlineClock.nanoTime() - deadline >= 0) {
          promise.complete(new Reply.Timeout<>("deadline passed before the server took the call"));
        } else {
          step(cell, input, promise, wire);
        }
      }
      case Envelope.CAST -> step(cell, input, null, false);
      case Envelope.START -> doStart(cell, promise);
      case Envelope.STOP -> doStop(cell, (ExitReason) extra, promise);
      case Envelope.RESTART -> doRestart(cell, promise);
      case Envelope.HANDOFF -> doHandOff(cell, (ExitReason) extra, promise);
      case Envelope.TASK -> runTask((Runnable) extra);
      case Envelope.TIMER -> addTimer((Timer) extra);
      case Envelope.HALT -> halt();
      default -> throw new IllegalStateException("unknown envelope kind " + kind);
    }
  }

  private void step(ServerCell cell, Object input, Promise<Object> promise, boolean wire) {
    if (cell.status != ServerStatus.RUNNING) {
      if (promise != null) {
        promise.complete(notRunning(cell));
      } else {
        stats.castsRefused.increment();
      }
      return;
    }
    cell.remember(input);
    stats.beginStep(cell.name, batchStart);
    Step<Object, Object> st;
    Object out;
    try {
      st = cell.server.step(input, cell.state);
      cell.state = st.state();
      out = wire ? cell.server.codec().encode(st.output()) : st.output();
    } catch (Throwable t) {
      rethrowIfFatal(t);
      stats.endStep();
      crash(cell, "step", t, promise);
      return;
    }
    stats.endStep();
    if (st.stop() != null) {
      terminate(cell, st.stop());
      exit(cell, st.stop(), null);
    }
    if (promise != null) {
      promise.complete(Reply.ok(out)); // last: a caller that has its reply sees the exit done
    }
  }

  private Reply<Object> notRunning(ServerCell cell) {
    return switch (cell.status) {
      case STOPPED -> new Reply.NotFound<>(cell.name);
      case STARTING -> new Reply.Unavailable<>("server '" + cell.name + "' is starting");
      default -> new Reply.Unavailable<>("server '" + cell.name + "' is restarting");
    };
  }

  private void crash(ServerCell cell, String phase, Throwable t, Promise<Object> promise) {
    stats.crashes.increment();
    CrashReport report = new CrashReport(cell.name, cell.server.kind(), name, "", phase, t,
        cell.lastInputs(), clock.nanoTime());
    ExitReason reason = ExitReason.crash(t);
    terminate(cell, reason);
    exit(cell, reason, report);
    if (promise != null) {
      promise.complete(new Reply.Crashed<>(cell.name, String.valueOf(t)));
    }
  }

  /** Runs {@code terminate}; its own failure is logged, never propagated. */
  private void terminate(ServerCell cell, ExitReason reason) {
    Object state = cell.state;
    cell.state = null;
    try {
      cell.server.terminate(reason, state);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      log.warn("event=terminate_failed loop={} server={} reason=\"{}\" error=\"{}\"",
          name, cell.name, reason, t.toString(), t);
    }
  }

  private void exit(ServerCell cell, ExitReason reason, CrashReport report) {
    if (cell.listener == null) {
      remove(cell);
      if (report != null) {
        unsupervisedCrash.accept(report);
      }
      return;
    }
    cell.status = ServerStatus.EXITED;
    try {
      cell.listener.onExit(cell.name, reason, report);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      log.error("event=exit_listener_failed loop={} server={} error=\"{}\"",
          name, cell.name, t.toString(), t);
    }
  }

  private void remove(ServerCell cell) {
    cell.status = ServerStatus.STOPPED;
    cells.remove(cell.name, cell);
  }

  private void doStart(ServerCell cell, Promise<Object> promise) {
    try {
      cell.state = cell.server.init();
    } catch (Throwable t) {
      rethrowIfFatal(t);
      stats.crashes.increment();
      remove(cell);
      promise.complete(new Reply.Crashed<>(cell.name, "init failed: " + t));
      return;
    }
    cell.status = ServerStatus.RUNNING;
    promise.complete(Reply.ok(null));
  }

  private void doRestart(ServerCell cell, Promise<Object> promise) {
    if (cell.status != ServerStatus.EXITED && cell.status != ServerStatus.RESTARTING) {
      promise.complete(new Reply.InvalidInput<>(
          "server '" + cell.name + "' is " + cell.status + ", not exited: nothing to restart"));
      return;
    }
    cell.forgetInputs();
    try {
      cell.state = cell.server.init();
    } catch (Throwable t) {
      rethrowIfFatal(t);
      stats.crashes.increment();
      cell.status = ServerStatus.EXITED;
      promise.complete(new Reply.Crashed<>(cell.name, "init failed: " + t));
      return;
    }
    stats.restarts.increment();
    cell.status = ServerStatus.RUNNING;
    promise.complete(Reply.ok(null));
  }

  private void doStop(ServerCell cell, ExitReason reason, Promise<Object> promise) {
    if (cell.status == ServerStatus.STOPPED) {
      promise.complete(new Reply.NotFound<>(cell.name));
      return;
    }
    if (cell.status == ServerStatus.RUNNING && !(reason instanceof ExitReason.Killed)) {
      terminate(cell, reason);
    }
    remove(cell);
    promise.complete(Reply.ok(null));
  }

  private void doHandOff(ServerCell cell, ExitReason reason, Promise<Object> promise) {
    if (cell.status == ServerStatus.STOPPED) {
      promise.complete(new Reply.NotFound<>(cell.name));
      return;
    }
    byte[] state = null;
    StateCodec<Object> codec = cell.server.stateCodec();
    if (codec != null && cell.status == ServerStatus.RUNNING) {
      try {
        state = codec.encode(cell.state);
      } catch (Throwable t) {
        rethrowIfFatal(t);
        log.warn("event=state_encode_failed loop={} server={} error=\"{}\"", name, cell.name,
            t.toString(), t);
      }
    }
    doStop(cell, reason, new Promise<>());
    promise.complete(Reply.ok(state));
  }

  private void runTask(Runnable task) {
    try {
      task.run();
    } catch (Throwable t) {
      rethrowIfFatal(t);
      log.error("event=task_failed loop={} error=\"{}\"", name, t.toString(), t);
    }
  }

  private void addTimer(Timer t) {
    t.seq = timerSeq++;
    timers.offer(t);
  }

  private void fireDueTimers() {
    long now = clock.nanoTime();
    batchStart = now;
    Timer t;
    while ((t = timers.pollDue(now)) != null) {
      timerCount.decrementAndGet();
      if (t.isCancelled()) {
        continue;
      }
      if (t.action != null) {
        runTask(t.action);
        continue;
      }
      ServerCell cell = cells.get(t.target);
      if (cell == null) {
        stats.castsRefused.increment();
      } else {
        step(cell, t.input, null, false);
      }
    }
  }

  private void halt() {
    for (ServerCell cell : cells.values()) {
      if (cell.status == ServerStatus.RUNNING) {
        terminate(cell, ExitReason.SHUTDOWN);
      }
      remove(cell);
    }
    halted = true;
  }

  /** After HALT: fail whatever was published behind it, so no caller waits for nothing. */
  private void drainAfterHalt(long next) {
    long cursor = ring.getCursor();
    for (; next <= cursor; next++) {
      Envelope e = ring.get(next);
      if (e.promise != null) {
        e.promise.complete(new Reply.Unavailable<>("loop " + name + " stopped"));
      }
      e.clear();
    }
    consumed.set(cursor);
    log.info("event=loop_stopped loop={}", name);
  }

  private static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
  }

  /** Configures an {@link EventLoop}. */
  public static final class Builder {
    private final String name;
    private Clock clock = Clock.system();
    private int inboxCapacity = 10_000;
    private int inputRingSize = 32;
    private int timerCapacity = 1_000_000;
    private IdleStrategy idle = IdleStrategy.DEFAULT;
    private java.util.function.Consumer<CrashReport> unsupervisedCrash = CrashLog::log;

    private Builder(String name) {
      this.name = java.util.Objects.requireNonNull(name, "name");
    }

    public Builder clock(Clock clock) {
      this.clock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Inbox bound, 1..2^24 (default 10 000). */
    public Builder inboxCapacity(int capacity) {
      if (capacity < 1 || capacity > (1 << 24)) {
        throw new IllegalArgumentException("inbox capacity must be 1..16777216, got " + capacity);
      }
      this.inboxCapacity = capacity;
      return this;
    }

    /** How many last inputs each server keeps for crash reports, 0..1024 (default 32). */
    public Builder inputRingSize(int size) {
      if (size < 0 || size > 1024) {
        throw new IllegalArgumentException("input ring size must be 0..1024, got " + size);
      }
      this.inputRingSize = size;
      return this;
    }

    /** Timers pending at once, at least 1 (default 1 000 000). */
    public Builder timerCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("timer capacity must be >= 1");
      }
      this.timerCapacity = capacity;
      return this;
    }

    public Builder idleStrategy(IdleStrategy idle) {
      this.idle = java.util.Objects.requireNonNull(idle, "idle");
      return this;
    }

    /** What to do with the crash of a server that has no supervisor (default: log it). */
    public Builder onUnsupervisedCrash(java.util.function.Consumer<CrashReport> handler) {
      this.unsupervisedCrash = java.util.Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Starts the loop's thread. */
    public EventLoop start() {
      return new EventLoop(this);
    }
  }
}
