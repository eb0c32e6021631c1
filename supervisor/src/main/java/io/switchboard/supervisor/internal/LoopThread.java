package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The loop itself (the Disruptor's {@code BatchEventProcessor}): wait for events or the next due
 * timer, take up to {@value #MAX_BATCH} published events, dispatch each, fire due timers, repeat
 * until the halt; then fail whatever was queued behind the halt. The clock is read once per
 * batch, not per step. Everything here runs on the one thread it owns.
 *
 * <p>A throwable that escapes (only a fatal error does: user code is caught by the engines) ends
 * the thread: it is logged, the inbox refuses new work, and waiting callers are failed.
 */
final class LoopThread implements Runnable {
  private static final int MAX_BATCH = 1024;

  private final String name;
  private final Clock clock;
  private final Inbox inbox;
  private final LoopWaitStrategy waitStrategy;
  private final LoopTimers timers;
  private final Map<String, ServerCell> cells;
  private final Stepper stepper;
  private final Lifecycle lifecycle;
  private final LoopExceptionHandler exceptions;
  private final CountDownLatch exited = new CountDownLatch(1);
  private final Thread thread;
  /** Loop clock at the start of the current batch: one clock read per batch, not per step. */
  private long batchStart;

  LoopThread(String name, Clock clock, Inbox inbox, LoopWaitStrategy waitStrategy,
      LoopTimers timers, Map<String, ServerCell> cells, Lifecycle lifecycle,
      LoopExceptionHandler exceptions, Stepper stepper) {
    this.name = name;
    this.clock = clock;
    this.inbox = inbox;
    this.waitStrategy = waitStrategy;
    this.timers = timers;
    this.cells = cells;
    this.lifecycle = lifecycle;
    this.exceptions = exceptions;
    this.stepper = stepper;
    this.thread = new Thread(this, name);
    this.thread.setDaemon(true);
    inbox.ownedBy(thread);
  }

  void start() {
    thread.start();
  }

  boolean isLoopThread() {
    return Thread.currentThread() == thread;
  }

  /** Waits up to {@code timeout} for the thread to exit; true if it did. Blocks. */
  boolean awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
    return exited.await(timeout, unit);
  }

  @Override
  public void run() {
    long next = 0;
    try {
      while (!inbox.halted()) {
        long due = timers.nextDue();
        waitStrategy.timeoutNanos =
            due == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, due - clock.nanoTime());
        long last = Math.min(inbox.waitFor(next), next + MAX_BATCH - 1);
        batchStart = next <= last ? clock.nanoTime() : batchStart;
        for (; next <= last && !inbox.halted(); next++) {
          take(next);
        }
        fireDueTimers();
      }
      inbox.drainAfterHalt(next);
      LoopEngine.LOG.info("event=loop_stopped loop={}", name);
    } catch (Throwable fatal) {
      LoopEngine.LOG.error("event=loop_died loop={} reason=\"{}\"", name, fatal.toString(), fatal);
      inbox.halt();
      inbox.refuse();
      throw fatal;
    } finally {
      exited.countDown();
    }
  }

  /**
   * Takes the event out of its slot and frees the slot before stepping (the inbox bound counts
   * events not yet taken, not the one being stepped), then dispatches it.
   */
  private void take(long seq) {
    Envelope e = inbox.slot(seq);
    byte kind = e.kind;
    ServerCell cell = e.cell;
    Object input = e.input;
    Promise<Object> reply = e.promise;
    Clock deadlineClock = e.deadlineClock;
    long deadline = e.deadlineNanos;
    Object extra = e.extra;
    byte mode = e.mode;
    e.clear();
    inbox.consumed(seq);
    switch (kind) {
      case Envelope.CALL -> {
        if (deadlineClock.nanoTime() - deadline >= 0) {
          reply.complete(new Reply.Timeout<>(
              "deadline passed before the server took the call"));
        } else {
          stepper.step(cell, input, reply, mode, batchStart);
          if (!reply.isDone()) {
            expireLater(reply, deadlineClock, deadline);
          }
        }
      }
      case Envelope.CAST -> stepper.step(cell, input, null, Envelope.OBJECT, batchStart);
      case Envelope.START -> lifecycle.start(cell, reply);
      case Envelope.STOP -> lifecycle.stop(cell, (ExitReason) extra, reply);
      case Envelope.RESTART -> lifecycle.restart(cell, reply);
      case Envelope.HANDOFF -> lifecycle.handOff(cell, (ExitReason) extra, reply);
      case Envelope.KILL -> lifecycle.kill(cell, (ExitReason) extra, reply);
      case Envelope.TASK -> runTask((Runnable) extra);
      case Envelope.TIMER -> timers.add((LoopTimer) extra);
      case Envelope.HALT -> halt();
      default -> throw new IllegalStateException("unknown envelope kind " + kind);
    }
  }

  /** Runs a task on this thread; its failure is handled, never propagated. */
  void runTask(Runnable task) {
    try {
      task.run();
    } catch (Throwable t) {
      exceptions.handleTaskException(t);
    }
  }

  /**
   * A call the server answers later ({@code Step.noReply}): it times out at the caller's deadline
   * unless answered before (then the timer is cancelled). Timers full: the caller's own wait is
   * the bound.
   */
  private void expireLater(Promise<Object> reply, Clock deadlineClock, long deadline) {
    if (!timers.reserve()) {
      return;
    }
    long left = Math.max(0, deadline - deadlineClock.nanoTime());
    LoopTimer t = new LoopTimer(clock.nanoTime() + left, null, null, () -> reply.complete(
        new Reply.Timeout<>("no reply within the caller's deadline (the server deferred it)")));
    timers.add(t);
    reply.whenComplete(r -> t.cancel());
  }

  private void fireDueTimers() {
    long now = clock.nanoTime();
    batchStart = now;
    LoopTimer t;
    while ((t = timers.pollDue(now)) != null) {
      if (t.action != null) {
        runTask(t.action);
        continue;
      }
      ServerCell cell = cells.get(t.target);
      if (cell == null) {
        stepper.refuseCast();
      } else {
        stepper.step(cell, t.input, null, Envelope.OBJECT, batchStart);
      }
    }
  }

  private void halt() {
    lifecycle.shutdownAll();
    inbox.halt();
  }
}
