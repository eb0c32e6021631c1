package io.switchboard.supervisor.event;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.internal.RingClaim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event manager (OTP {@code gen_event}) on an LMAX Disruptor ring: publishers fan events out
 * to every handler without copying.
 *
 * <h2>Design</h2>
 *
 * A multi-producer ring of {@link Slot}s (a power of two, default 1024). A publisher claims a
 * slot, stores the event reference and publishes. Each handler is its own Disruptor
 * {@link BatchEventProcessor} on its own thread, reading the same slots through its own
 * sequence; the ring's gating sequences are the handlers' sequences, so the slowest handler
 * bounds how far publishers may run ahead: that is the back-pressure. Handlers are added at
 * runtime as the Disruptor's {@code DynamicallyAddHandler} does: the new processor's sequence is
 * added to the gating sequences (which sets it to the cursor: a handler sees the events notified
 * after it was added), then its thread starts. A removal halts the processor after the events
 * notified before it ({@link HandlerRunner}) and then drops its gating sequence.
 *
 * <h2>Threads: one per handler</h2>
 *
 * A {@code BatchEventProcessor} is a blocking loop, so each handler needs a thread; in return
 * handlers run in parallel, a slow handler delays no other until the ring is full, and a handler's
 * state is confined to its thread. Threads come from the builder's {@link ThreadFactory}
 * (default: daemon threads named {@code gen-event-<manager>-<handler>}); handlers are bounded
 * ({@code maxHandlers}, default 64). Idle handler threads wait with the builder's
 * {@link IdleStrategy} (spin, yield, then block on a lock: no CPU once blocked).
 *
 * <h2>Semantics</h2>
 *
 * Every handler sees every event notified while it is attached, in ring order (one total order
 * for all handlers). {@link #notify} waits for room up to a deadline, {@link #tryNotify} never
 * waits, {@link #syncNotify} also waits until every attached handler has handled the event;
 * errors are {@link Reply} values. A handler that throws is removed (OTP semantics) and reported
 * ({@code onHandlerCrash}, default: a log line); a supervised handler's owner is told of every
 * exit. Every method is thread-safe; the ones that wait say so. Never wait on an event-loop
 * thread: loops use {@link #tryNotify}.
 */
public final class GenEvent<E> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GenEvent.class);

  private final String name;
  private final RingBuffer<Slot<E>> ring;
  private final int maxHandlers;
  private final ThreadFactory threads;
  private final Consumer<HandlerExit> onHandlerCrash;
  private final ConcurrentHashMap<String, HandlerRunner<E, ?>> handlers = new ConcurrentHashMap<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder overloads = new LongAdder();
  private final LongAdder crashes = new LongAdder();
  private final Object lock = new Object();
  private final RingClaim claims;

  private GenEvent(Builder b) {
    this.name = b.name;
    this.maxHandlers = b.maxHandlers;
    this.onHandlerCrash = b.onHandlerCrash;
    this.threads = b.threads != null ? b.threads : r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    };
    this.ring = RingBuffer.createMultiProducer(Slot::new, b.ringSize,
        PhasedBackoffWaitStrategy.withLock(b.idle.spinNanos(), b.idle.yieldNanos(),
            TimeUnit.NANOSECONDS));
    this.claims = RingClaim.gated(ring, overloads);
  }

  /** A builder: ring 1024, at most 64 handlers, {@link IdleStrategy#DEFAULT}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** The ring's size (a power of two). */
  public int ringSize() {
    return ring.getBufferSize();
  }

  // ---------------------------------------------------------------- handlers

  /** OTP {@code add_handler}: {@link #addSupervisedHandler} without an owner. */
  public <S> Reply<Void> addHandler(String id, GenEventHandler<E, S> handler) {
    return addSupervisedHandler(id, handler, null);
  }

  /**
   * OTP {@code add_sup_handler}: runs {@code init} on the calling thread, then attaches the
   * handler; it sees the events notified after this returns {@code Ok}. {@code owner} (may be
   * null) is told once when the handler leaves. Errors: {@code InvalidInput} (bad or taken id),
   * {@code Overloaded} (max handlers), {@code Crashed} ({@code init} threw), {@code Unavailable}
   * (manager stopped). Serialised with other adds, removals and stop; blocks only for {@code init}.
   */
  public <S> Reply<Void> addSupervisedHandler(
      String id, GenEventHandler<E, S> handler, HandlerOwner owner) {
    Objects.requireNonNull(handler, "handler");
    if (id == null || id.isEmpty() || id.length() > 256) {
      return new Reply.InvalidInput<>("a handler id is 1..256 characters");
    }
    synchronized (lock) {
      if (claims.isStopped()) {
        return new Reply.Unavailable<>("event manager " + name + " stopped");
      }
      if (handlers.containsKey(id)) {
        return new Reply.InvalidInput<>("handler '" + id + "' is already attached to " + name);
      }
      if (handlers.size() >= maxHandlers) {
        return new Reply.Overloaded<>("event manager " + name + " has " + maxHandlers
            + " handlers (its maximum)");
      }
      S initial;
      try {
        initial = handler.init();
      } catch (Exception | Error e) {
        return new Reply.Crashed<>(id, "init failed: " + e);
      }
      HandlerRunner<E, S> runner = new HandlerRunner<>(id, handler, owner, initial, this);
      BatchEventProcessor<Slot<E>> processor =
          new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), runner);
      processor.setExceptionHandler(runner);
      ring.addGatingSequences(processor.getSequence());
      runner.attach(processor, processor.getSequence().get());
      handlers.put(id, runner);
      Thread t = threads.newThread(processor);
      t.setName("gen-event-" + name + "-" + id);
      t.start();
      return Reply.ok(null);
    }
  }

  /**
   * OTP {@code delete_handler}: the handler handles every event notified before this call, runs
   * {@code terminate(normal)} and leaves. Waits up to {@code timeout} for that; {@code Timeout}
   * means it is still catching up and will leave when it has. {@code NotFound} if not attached.
   * Blocks the calling thread.
   */
  public Reply<Void> removeHandler(String id, Duration timeout) {
    HandlerRunner<E, ?> runner;
    synchronized (lock) {
      runner = handlers.get(id);
      if (runner == null) {
        return new Reply.NotFound<>(id);
      }
      runner.requestStop(ExitReason.NORMAL, ring.getCursor());
    }
    return runner.awaitExit(timeout)
        ? Reply.ok(null)
        : new Reply.Timeout<>("handler '" + id + "' is still handling earlier events");
  }

  /** OTP {@code which_handlers}: the attached handlers' ids (a snapshot, unordered). */
  public List<String> handlers() {
    return List.copyOf(handlers.keySet());
  }

  // ---------------------------------------------------------------- notifying

  /**
   * OTP {@code notify}: publishes {@code event}, waiting for room in the ring up to
   * {@code timeout}. {@code Ok} once published; {@code Overloaded} if the ring stayed full;
   * {@code Unavailable} after stop. Blocks up to {@code timeout} (spin, then 20 µs parks).
   */
  public Reply<Void> notify(E event, Duration timeout) {
    long seq = publish(event, Deadline.after(timeout));
    return seq >= 0 ? Reply.ok(null) : error(seq);
  }

  /** Publishes {@code event} if the ring has room now; never waits. */
  public Reply<Void> tryNotify(E event) {
    long seq = publish(event, null);
    return seq >= 0 ? Reply.ok(null) : error(seq);
  }

  /**
   * OTP {@code sync_notify}: {@link #notify}, then waits until every attached handler has handled
   * the event (or left). {@code Timeout} if that takes longer than {@code timeout} (the event is
   * published; handlers will still see it). Blocks up to {@code timeout}.
   */
  public Reply<Void> syncNotify(E event, Duration timeout) {
    Deadline deadline = Deadline.after(timeout);
    long seq = publish(event, deadline);
    if (seq < 0) {
      return error(seq);
    }
    int spins = 0;
    while (ring.getMinimumGatingSequence() < seq) {
      if (deadline.isExpired()) {
        return new Reply.Timeout<>("handlers of " + name + " did not handle the event in time");
      }
      if (++spins < 200) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(20_000);
      }
    }
    return Reply.ok(null);
  }

  /** Events published so far. */
  public long published() {
    return published.sum();
  }

  /** Notifies refused because the ring was full. */
  public long overloads() {
    return overloads.sum();
  }

  /** Handlers removed because they threw. */
  public long crashes() {
    return crashes.sum();
  }

  /** Events published and not yet handled by the slowest handler. Approximate. */
  public long backlog() {
    return Math.max(0, ring.getCursor() - ring.getMinimumGatingSequence());
  }

  /** Publishes; waits for room until {@code deadline} unless it is null. */
  private long publish(E event, @Nullable Deadline deadline) {
    Objects.requireNonNull(event, "event");
    long seq = deadline == null
        ? claims.claim(null, 0)
        : claims.claim(deadline.clock(), deadline.atNanos());
    if (seq < 0) {
      return seq;
    }
    ring.get(seq).event = event;
    ring.publish(seq);
    published.increment();
    return seq;
  }

  private Reply<Void> error(long code) {
    return code == RingClaim.STOPPED
        ? new Reply.Unavailable<>("event manager " + name + " stopped")
        : new Reply.Overloaded<>("ring of event manager " + name + " is full ("
            + ring.getBufferSize() + " events)");
  }

  // ---------------------------------------------------------------- leaving and stopping

  /** A handler's thread is done reading the ring: publishers stop waiting for it. */
  void ungate(Sequence sequence) {
    ring.removeGatingSequence(sequence);
  }

  /** A handler has fully left (terminated, reported): its id is free again. */
  void detach(HandlerRunner<E, ?> runner) {
    handlers.remove(runner.id, runner);
  }

  void reportCrash(HandlerExit exit, Throwable cause) {
    crashes.increment();
    log.error("event=handler_crashed {}", exit.summary(), cause);
    try {
      onHandlerCrash.accept(exit);
    } catch (RuntimeException e) {
      log.warn("event=handler_crash_report_failed {} error=\"{}\"", exit.summary(), e.toString());
    }
  }

  /**
   * OTP {@code stop}: refuses new events, lets every handler handle what was notified before,
   * runs their {@code terminate(shutdown)}. Waits up to {@code timeout}; handlers still busy then
   * are halted (they skip the rest). Returns true if all left in time. Blocks.
   */
  public boolean stop(Duration timeout) {
    Deadline deadline = Deadline.after(timeout);
    List<HandlerRunner<E, ?>> all;
    synchronized (lock) {
      claims.stop();
      all = new ArrayList<>(handlers.values());
      long target = ring.getCursor();
      for (HandlerRunner<E, ?> r : all) {
        r.requestStop(ExitReason.SHUTDOWN, target);
      }
    }
    boolean ok = true;
    for (HandlerRunner<E, ?> r : all) {
      if (!r.awaitExit(deadline.remaining())) {
        ok = false;
        r.halt();
      }
    }
    if (!ok) {
      log.warn("event=gen_event_stop_timeout manager={} still_running={}", name, handlers());
    }
    return ok;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }

  /** Configures a {@link GenEvent}. */
  public static final class Builder {
    private final String name;
    private int ringSize = 1024;
    private int maxHandlers = 64;
    private IdleStrategy idle = IdleStrategy.DEFAULT;
    private @Nullable ThreadFactory threads;
    private Consumer<HandlerExit> onHandlerCrash = exit -> {};

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Ring slots: a power of two, 2..2^24 (default 1024). */
    public Builder ringSize(int size) {
      if (size < 2 || size > (1 << 24) || Integer.bitCount(size) != 1) {
        throw new IllegalArgumentException("ring size must be a power of two in 2..16777216, got "
            + size);
      }
      this.ringSize = size;
      return this;
    }

    /** At most this many handlers at once, 1..1024 (default 64): one thread each. */
    public Builder maxHandlers(int max) {
      if (max < 1 || max > 1024) {
        throw new IllegalArgumentException("max handlers must be 1..1024, got " + max);
      }
      this.maxHandlers = max;
      return this;
    }

    /** How idle handler threads wait: spin, yield, then block (default: IdleStrategy.DEFAULT). */
    public Builder idleStrategy(IdleStrategy idle) {
      this.idle = Objects.requireNonNull(idle, "idle");
      return this;
    }

    /** Where handler threads come from (the manager names them). */
    public Builder threadFactory(ThreadFactory threads) {
      this.threads = Objects.requireNonNull(threads, "threads");
      return this;
    }

    /** Told of every handler removed because it threw (after the log line). Default: nothing. */
    public Builder onHandlerCrash(Consumer<HandlerExit> report) {
      this.onHandlerCrash = Objects.requireNonNull(report, "report");
      return this;
    }

    public <E> GenEvent<E> build() {
      return new GenEvent<>(this);
    }
  }
}
