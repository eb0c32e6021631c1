package io.switchboard.supervisor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A reply that will arrive once: completed by an event loop, awaited by a caller or observed by a
 * callback.
 *
 * <p>Exactly one completion wins ({@link #complete} returns false for the others), so a reply that
 * arrives after the caller's deadline is dropped: the caller already got {@link Reply.Timeout}.
 * Thread-safe. {@link #await} blocks the calling thread (spin, yield, then park per the
 * {@link IdleStrategy}); callbacks run on the thread that completes the promise (usually a loop
 * thread), so they must be quick and must not block.
 */
public final class Promise<T> {
  private static final VarHandle RESULT;
  private static final VarHandle FIRED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      RESULT = l.findVarHandle(Promise.class, "result", Reply.class);
      FIRED = l.findVarHandle(Promise.class, "fired", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile Reply<T> result;
  private volatile Thread waiter;
  private volatile Consumer<? super Reply<T>> callback;
  private volatile boolean fired;

  /** A promise already completed with {@code reply}. */
  public static <T> Promise<T> completed(Reply<T> reply) {
    Promise<T> p = new Promise<>();
    p.complete(reply);
    return p;
  }

  /** Completes the promise; returns false if it was already complete (the reply is dropped). */
  public boolean complete(Reply<T> reply) {
    if (!RESULT.compareAndSet(this, null, reply)) {
      return false;
    }
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
    fire();
    return true;
  }

  /** True once completed. */
  public boolean isDone() {
    return result != null;
  }

  /** The reply, or {@code null} while pending. */
  public Reply<T> peek() {
    return result;
  }

  /**
   * Runs {@code action} once with the reply: at once if complete, else on the completing thread.
   * Only one callback may be set.
   */
  public void onComplete(Consumer<? super Reply<T>> action) {
    if (callback != null) {
      throw new IllegalStateException("a promise takes one callback");
    }
    callback = action;
    if (result != null) {
      fire();
    }
  }

  private void fire() {
    Consumer<? super Reply<T>> cb = callback;
    if (cb != null && FIRED.compareAndSet(this, false, true)) {
      cb.accept(result);
    }
  }

  /**
   * Waits until the reply arrives or {@code deadlineNanos} (on {@link System#nanoTime()}) passes;
   * on the deadline the promise is completed with {@link Reply.Timeout} so a late reply is dropped.
   * Blocks the calling thread; never call it on an event-loop thread.
   */
  public Reply<T> await(long deadlineNanos, IdleStrategy idle) {
    Reply<T> r = result;
    if (r != null) {
      return r;
    }
    long start = System.nanoTime();
    long spinUntil = start + idle.spinNanos();
    long yieldUntil = spinUntil + idle.yieldNanos();
    while ((r = result) == null) {
      long now = System.nanoTime();
      if (now - deadlineNanos >= 0) {
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
          LockSupport.parkNanos(this, deadlineNanos - now);
        }
        waiter = null;
      }
    }
    return r;
  }
}
