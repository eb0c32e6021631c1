package io.switchboard.supervisor;

import io.switchboard.supervisor.internal.Fatal;
import io.switchboard.supervisor.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reply that will arrive once: completed by an event loop, awaited by a caller or observed by
 * callbacks.
 *
 * <p>Exactly one completion wins ({@link #complete} returns false for the others), so a reply that
 * arrives after the caller's deadline is dropped: the caller already got {@link Reply.Timeout}.
 * Thread-safe. {@link #await} blocks the calling thread (spin, yield, then park per the
 * {@link IdleStrategy}).
 *
 * <h2>Callbacks</h2>
 *
 * {@link #whenComplete} (and its older form {@link #onComplete}), {@link #map} and
 * {@link #flatMap} may be used any number of times on one promise, from any thread. Each callback
 * runs exactly once:
 *
 * <ul>
 *   <li>added before completion: on the thread that completes the promise (usually a loop
 *       thread), in the order the callbacks were added;
 *   <li>added after completion: at once, on the adding thread, before the method returns.
 * </ul>
 *
 * A callback added while the promise is being completed may run on either thread, and then no
 * order with the other callbacks is promised. Callbacks must be quick and must not block: they
 * hold up the loop that completes the promise. A callback that throws is logged
 * ({@code event=promise_callback_failed}) and the others still run; the thrower of
 * {@link #complete} never sees it (a fatal {@link VirtualMachineError} excepted).
 *
 * <p>Cost: a promise nobody observes pays one volatile read on completion; the first callback is
 * stored as is (no allocation), each further one costs a small list node. At most
 * {@link #MAX_CALLBACKS} callbacks wait on one promise (a bound, like every queue here).
 */
public final class Promise<T> {
  /** Callbacks that may wait on one promise at once. */
  public static final int MAX_CALLBACKS = 1 << 16;

  /** A caller parked on a deadline of a non-system clock wakes this often to re-read it. */
  static final long FOREIGN_CLOCK_POLL_NANOS = 1_000_000;

  private static final Logger log = LoggerFactory.getLogger(Promise.class);
  private static final VarHandle RESULT;
  private static final VarHandle CALLBACKS;
  /** In {@link #callbacks} once they were taken to run: a callback added now runs at once. */
  private static final Object DRAINED = new Object();

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      RESULT = l.findVarHandle(Promise.class, "result", Reply.class);
      CALLBACKS = l.findVarHandle(Promise.class, "callbacks", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile @Nullable Reply<T> result;
  private volatile @Nullable Thread waiter;
  /** {@code null}, one {@link Consumer}, a {@link Node} chain (newest first), or DRAINED. */
  private volatile @Nullable Object callbacks;

  /** A callback list of two or more: {@code rest} is a Consumer or another Node. */
  private static final class Node {
    final Object callback;
    final Object rest;
    final int size;

    Node(Object callback, Object rest) {
      this.callback = callback;
      this.rest = rest;
      this.size = (rest instanceof Node n ? n.size : 1) + 1;
    }
  }

  /** A promise already completed with {@code reply}. */
  public static <T> Promise<T> completed(Reply<T> reply) {
    Promise<T> p = new Promise<>();
    p.complete(reply);
    return p;
  }

  /**
   * Completes the promise and runs the callbacks added so far, on this thread. Returns false if
   * it was already complete (the reply is dropped).
   */
  public boolean complete(Reply<T> reply) {
    Objects.requireNonNull(reply, "reply");
    if (!RESULT.compareAndSet(this, null, reply)) {
      return false;
    }
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
    if (callbacks != null) {
      drain();
    }
    return true;
  }

  /** True once completed. */
  public boolean isDone() {
    return result != null;
  }

  /** The reply, or {@code null} while pending. */
  public @Nullable Reply<T> peek() {
    return result;
  }

  /**
   * Runs {@code action} once with the reply (see the class comment for on which thread) and
   * returns this promise, for chaining. May be called any number of times.
   *
   * @throws IllegalStateException if {@link #MAX_CALLBACKS} callbacks are already waiting
   */
  public Promise<T> whenComplete(Consumer<? super Reply<T>> action) {
    Objects.requireNonNull(action, "action");
    while (true) {
      Object cur = callbacks;
      if (cur == DRAINED) {
        run(action, result);
        return this;
      }
      if (cur instanceof Node n && n.size >= MAX_CALLBACKS) {
        throw new IllegalStateException("a promise takes at most " + MAX_CALLBACKS
            + " waiting callbacks: chain them instead");
      }
      Object next = cur == null ? action : new Node(action, cur);
      if (CALLBACKS.compareAndSet(this, cur, next)) {
        break;
      }
    }
    // the completer may have read callbacks before our push: whoever sees both drains
    if (result != null) {
      drain();
    }
    return this;
  }

  /** {@link #whenComplete} without the return value (kept for existing callers). */
  public void onComplete(Consumer<? super Reply<T>> action) {
    whenComplete(action);
  }

  /**
   * A promise of {@code f} applied to this one's value: {@code Ok(v)} becomes {@code Ok(f(v))},
   * every failure passes through unchanged (re-typed). {@code f} runs where a callback would.
   * If {@code f} throws, the new promise completes with {@link Reply.Crashed} (server
   * {@code "Promise.map"}, reason the exception) and the exception is logged with its stack: a
   * bug in a mapping function is neither lost nor thrown at the loop that completed this promise.
   */
  public <U> Promise<U> map(Function<? super T, ? extends U> f) {
    Objects.requireNonNull(f, "f");
    Promise<U> out = new Promise<>();
    whenComplete(r -> {
      if (!(r instanceof Reply.Ok<T> ok)) {
        out.complete(((Reply.Failure<T>) r).retype());
        return;
      }
      U value;
      try {
        value = f.apply(ok.value());
      } catch (Throwable t) {
        out.complete(functionFailed("Promise.map", t));
        return;
      }
      out.complete(Reply.ok(value));
    });
    return out;
  }

  /**
   * A promise of the promise {@code f} returns for this one's value: {@code Ok(v)} continues with
   * {@code f(v)} and completes as it does; every failure passes through unchanged (re-typed) and
   * {@code f} is not called. If {@code f} throws or returns {@code null}, the new promise
   * completes with {@link Reply.Crashed} (server {@code "Promise.flatMap"}), logged as for
   * {@link #map}.
   */
  public <U> Promise<U> flatMap(Function<? super T, ? extends Promise<U>> f) {
    Objects.requireNonNull(f, "f");
    Promise<U> out = new Promise<>();
    whenComplete(r -> {
      if (!(r instanceof Reply.Ok<T> ok)) {
        out.complete(((Reply.Failure<T>) r).retype());
        return;
      }
      Promise<U> next;
      try {
        next = Objects.requireNonNull(f.apply(ok.value()), "flatMap function returned null");
      } catch (Throwable t) {
        out.complete(functionFailed("Promise.flatMap", t));
        return;
      }
      next.whenComplete(out::complete);
    });
    return out;
  }

  /**
   * Waits until the reply arrives or {@code deadline} passes; on the deadline the promise is
   * completed with {@link Reply.Timeout} so a late reply is dropped. Blocks the calling thread
   * (spin, yield, then park, per {@code idle}, in real time); never call it on an event-loop
   * thread. On a clock other than {@link Clock#system()} the parked caller re-reads that clock
   * every millisecond, since advancing it does not wake the caller.
   */
  public Reply<T> await(Deadline deadline, IdleStrategy idle) {
    return await(deadline.clock(), deadline.atNanos(), idle);
  }

  /**
   * {@link #await(Deadline, IdleStrategy)} with the deadline as {@link System#nanoTime()} nanos
   * (see {@link ServerHost#deadline}).
   */
  public Reply<T> await(long deadlineNanos, IdleStrategy idle) {
    return await(Clock.system(), deadlineNanos, idle);
  }

  private Reply<T> await(Clock clock, long deadlineNanos, IdleStrategy idle) {
    Reply<T> r = result;
    if (r != null) {
      return r;
    }
    boolean real = clock == Clock.system();
    long start = System.nanoTime();
    long spinUntil = start + idle.spinNanos();
    long yieldUntil = spinUntil + idle.yieldNanos();
    while ((r = result) == null) {
      long now = System.nanoTime();
      long left = deadlineNanos - (real ? now : clock.nanoTime());
      if (left <= 0) {
        complete(new Reply.Timeout<>("no reply within the deadline"));
        return result;
      }
      if (now - spinUntil < 0) {
        Thread.onSpinWait();
      } else if (now - yieldUntil < 0) {
        Thread.yield();
      } else {
        waiter = Thread.currentThread();
        if (result == null) {
          LockSupport.parkNanos(this, real ? left : Math.min(left, FOREIGN_CLOCK_POLL_NANOS));
        }
        waiter = null;
      }
    }
    return r;
  }

  /** Takes the waiting callbacks (once) and runs them oldest first. Only once completed. */
  private void drain() {
    Object cbs = CALLBACKS.getAndSet(this, DRAINED);
    if (cbs == null || cbs == DRAINED) {
      return;
    }
    Reply<T> r = result;
    if (!(cbs instanceof Node n)) {
      run(cbs, r);
      return;
    }
    Object[] order = new Object[n.size];
    Object o = n;
    for (int i = order.length - 1; i >= 0; i--) {
      if (o instanceof Node node) {
        order[i] = node.callback;
        o = node.rest;
      } else {
        order[i] = o;
      }
    }
    for (Object cb : order) {
      run(cb, r);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void run(Object callback, Reply<T> r) {
    try {
      ((Consumer<? super Reply<T>>) callback).accept(r);
    } catch (Throwable t) {
      Fatal.rethrowIfFatal(t);
      log.error("event=promise_callback_failed error=\"{}\"", t.toString(), t);
    }
  }

  private static <U> Reply<U> functionFailed(String where, Throwable t) {
    Fatal.rethrowIfFatal(t);
    log.warn("event=promise_function_failed function={} error=\"{}\"", where, t.toString(), t);
    return new Reply.Crashed<>(where, t.toString());
  }
}
