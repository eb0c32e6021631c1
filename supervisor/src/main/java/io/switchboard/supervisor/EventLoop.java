package io.switchboard.supervisor;

import io.switchboard.supervisor.internal.LoopConfig;
import io.switchboard.supervisor.internal.LoopEngine;
import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One thread, one bounded inbox, many servers: the seed's event loop.
 *
 * <h2>Design</h2>
 *
 * The inbox is an LMAX Disruptor multi-producer ring of reusable slots. Any thread claims a slot
 * (never blocking past its deadline), fills it and publishes; the loop thread takes published
 * slots in batches and steps the addressed server, one event at a time (fan-in). The loop waits
 * spinning, yielding, then parked until a publish, the next due timer, or a clock advance.
 * Timers live in a loop-owned priority queue; {@code sendAfter} from another thread travels
 * through the inbox like any event, so a step only ever runs on the loop thread. This class is
 * the API; the engine is in {@code io.switchboard.supervisor.internal} ({@code LoopEngine} and
 * its parts).
 *
 * <p>Names resolve on the caller's thread through a concurrent map (so an unknown name costs the
 * loop nothing and bad bytes are decoded before anything is queued); every other field of a
 * server is touched only by the loop thread.
 *
 * <p>A step that throws is caught: the server runs {@code terminate} and is held as
 * {@link ServerStatus#EXITED} for its {@link ExitListener} (its supervisor), or logged and removed
 * if it has none; then the caller gets {@link Reply.Crashed}. The reply is always the last effect
 * of a step, so a caller holding it sees the exit (crash or stop) already handled. The loop and
 * every other server keep running. A step that stops with an abnormal reason is reported as a
 * crash too; {@link #killAsync} makes a server exit from outside. {@link VirtualMachineError}s
 * other than
 * {@link StackOverflowError} are not caught.
 *
 * <h2>Bounds</h2>
 *
 * The inbox holds at most {@code inboxCapacity} events (default 10 000; the ring is the next power
 * of two, the soft limit is exact for a single producer and may be exceeded by at most one event
 * per concurrent producer); a full inbox fails senders at once with {@link Reply.Overloaded}, or
 * makes them wait up to their deadline with {@link Backpressure#WAIT}. Timers are bounded
 * ({@code timerCapacity}, default 1 000 000). Each server remembers its last 32 inputs.
 *
 * <p>Every method is thread-safe and never blocks unless it says so.
 */
public final class EventLoop implements ServerHost, AutoCloseable {
  private final LoopConfig config;
  private final LoopEngine engine;
  private final LoopStats stats;

  private EventLoop(LoopConfig config) {
    this.config = config;
    this.engine = new LoopEngine(config);
    this.stats = new LoopStats(engine.counters());
  }

  /** A builder with the defaults: inbox 10 000, system clock, {@link IdleStrategy#DEFAULT}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** This loop's name (also its thread's name). */
  public String name() {
    return config.name();
  }

  /** Events queued and not yet taken by the loop. Approximate. */
  public long inboxSize() {
    return engine.inboxSize();
  }

  /** The configured inbox bound. */
  public int inboxCapacity() {
    return config.inboxCapacity();
  }

  /** Servers registered on this loop. */
  public int serverCount() {
    return engine.serverCount();
  }

  /** Counters for metrics. Values may lag a little. */
  public LoopStats stats() {
    return stats;
  }

  /** How this loop waits for events, and how blocked callers of its servers wait for replies. */
  public IdleStrategy idleStrategy() {
    return config.idle();
  }

  /** The loop's clock. */
  public Clock clock() {
    return config.clock();
  }

  /** True when called on this loop's thread. */
  public boolean inLoop() {
    return engine.inLoop();
  }

  @Override
  public EventLoop loopOf(String name) {
    return this;
  }

  // ---------------------------------------------------------------- servers

  @Override
  public Promise<Void> startAsync(
      String name, GenServer<?, ?, ?> server, @Nullable ExitListener listener) {
    return engine.start(name, server, listener);
  }

  @Override
  public <O> Promise<O> callAsync(String name, Object input, Deadline deadline, Backpressure bp) {
    return engine.call(name, input, deadline.clock(), deadline.atNanos(), bp);
  }

  @Override
  public Promise<Stepped> callSteppedAsync(
      String name, byte[] payload, Deadline deadline, Backpressure bp) {
    return engine.callStepped(name, payload, deadline.clock(), deadline.atNanos(), bp);
  }

  /** As the {@link Deadline} form, {@code timeout} from now; no deadline object is made. */
  @Override
  public <O> Promise<O> callAsync(String name, Object input, Duration timeout, Backpressure bp) {
    return engine.call(name, input, Clock.system(), Deadline.systemNanosAfter(timeout), bp);
  }

  /**
   * As the {@link Deadline} form, {@code timeout} from now on the real clock; no deadline object
   * is made (the round trip measured by the local-call benchmark allocates only the promise and
   * the reply).
   */
  @Override
  public <O> Reply<O> call(String name, Object input, Duration timeout) {
    long deadline = Deadline.systemNanosAfter(timeout);
    return engine.<O>call(name, input, Clock.system(), deadline, Backpressure.FAIL)
        .await(deadline, config.idle());
  }

  @Override
  public Promise<byte[]> callBytesAsync(
      String name, byte[] payload, Deadline deadline, Backpressure bp) {
    return engine.callBytes(name, payload, deadline.clock(), deadline.atNanos(), bp);
  }

  /** As the {@link Deadline} form, {@code timeout} from now; no deadline object is made. */
  @Override
  public Promise<byte[]> callBytesAsync(
      String name, byte[] payload, Duration timeout, Backpressure bp) {
    return engine.callBytes(name, payload, Clock.system(), Deadline.systemNanosAfter(timeout), bp);
  }

  @Override
  public Reply<Void> cast(String name, Object input) {
    return engine.cast(name, input);
  }

  @Override
  public Reply<Void> castBytes(String name, byte[] payload) {
    return engine.castBytes(name, payload);
  }

  @Override
  public Timer sendAfter(Duration delay, String target, Object input) {
    return new Timer(engine.schedule(delay, target, input, null));
  }

  /**
   * Runs {@code action} on the loop thread after {@code delay} on the loop's clock (used by
   * supervisors for restart backoff and by state machines for their timeouts). Bounded like
   * {@link #sendAfter}.
   */
  public Timer schedule(Duration delay, Runnable action) {
    return new Timer(engine.schedule(delay, null, null, Objects.requireNonNull(action, "action")));
  }

  /**
   * Runs {@code task} on the loop thread, in inbox order (at once when called on the loop
   * thread). Returns false (and does not run it) if the inbox is full or the loop stopped. The
   * task must be quick and must not block.
   */
  public boolean execute(Runnable task) {
    return engine.execute(task);
  }

  @Override
  public Promise<Void> stopAsync(String name, ExitReason reason) {
    return engine.stop(name, reason);
  }

  @Override
  public Promise<byte[]> handOffAsync(String name, ExitReason reason) {
    return engine.handOff(name, reason);
  }

  @Override
  public Promise<Void> killAsync(String name, ExitReason reason) {
    return engine.kill(name, Objects.requireNonNull(reason, "reason"));
  }

  @Override
  public Promise<Void> restartAsync(String name) {
    return engine.restart(name);
  }

  @Override
  public void markRestarting(String name) {
    engine.markRestarting(name);
  }

  @Override
  public @Nullable ServerStatus status(String name) {
    return engine.status(name);
  }

  /** The names of the servers on this loop (a snapshot; order unspecified). */
  public List<String> names() {
    return engine.names();
  }

  // ---------------------------------------------------------------- stopping

  /**
   * Stops the loop: new work is refused with {@code Unavailable("loop stopped")}, events already
   * queued are processed, remaining servers get {@code terminate(shutdown)}, then the thread
   * exits. Waits up to {@code timeout}; returns true if the loop exited in time. Blocks; not on
   * the loop thread.
   */
  public boolean stop(Duration timeout) {
    beginStop();
    return engine.awaitExit(timeout);
  }

  /** Refuses new work and queues the halt without waiting (idempotent). */
  void beginStop() {
    engine.beginStop();
  }

  /** {@link #stop} with 10 s. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  /** Configures an {@link EventLoop}. */
  public static final class Builder {
    private final String name;
    private Clock clock = Clock.system();
    private int inboxCapacity = 10_000;
    private int inputRingSize = 32;
    private int timerCapacity = 1_000_000;
    private IdleStrategy idle = IdleStrategy.DEFAULT;
    private Consumer<CrashReport> unsupervisedCrash = CrashLog::log;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
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
      this.idle = Objects.requireNonNull(idle, "idle");
      return this;
    }

    /** What to do with the crash of a server that has no supervisor (default: log it). */
    public Builder onUnsupervisedCrash(Consumer<CrashReport> handler) {
      this.unsupervisedCrash = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Starts the loop's thread. */
    public EventLoop start() {
      return new EventLoop(new LoopConfig(name, clock, inboxCapacity, inputRingSize,
          timerCapacity, idle, unsupervisedCrash));
    }
  }
}
