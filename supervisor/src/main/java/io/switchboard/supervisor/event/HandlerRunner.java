package io.switchboard.supervisor.event;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import io.switchboard.supervisor.ExitReason;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handler on its own {@link BatchEventProcessor} and thread: the Disruptor's event handler
 * (delivers each slot's event to the {@link GenEventHandler}) and its exception handler (a throw
 * removes the handler). All of {@code state} and {@code crash} belong to the handler's thread.
 *
 * <h2>Stopping in order</h2>
 *
 * A removal (or the manager's stop) must deliver every event notified before it and none after:
 * the requester sets {@link #stopAt} to the ring's cursor; the handler halts its processor after
 * the event with that sequence. Both sides check the other's volatile ({@link #lastSeen} vs
 * {@link #stopAt}) after writing their own, so whichever comes second halts the processor and a
 * handler idle past the target is halted by the requester. {@code onShutdown} then runs on the
 * handler's thread: it leaves the ring's gating sequences (publishers no longer wait for it),
 * runs {@code terminate}, reports a crash, tells the owner, and only then leaves the manager's
 * list: once a handler is no longer listed, all of that has happened.
 */
final class HandlerRunner<E, S> implements EventHandler<Slot<E>>, ExceptionHandler<Slot<E>> {
  private static final Logger log = LoggerFactory.getLogger(HandlerRunner.class);

  final String id;
  private final GenEventHandler<E, S> handler;
  private final HandlerOwner owner;
  private final GenEvent<E> manager;
  private final CountDownLatch exited = new CountDownLatch(1);
  private BatchEventProcessor<Slot<E>> processor;
  private S state;
  private ExitReason crash;
  private Object crashedOn;
  private boolean done;
  private volatile long lastSeen;
  private volatile long stopAt = Long.MAX_VALUE;
  private volatile ExitReason requested;

  HandlerRunner(String id, GenEventHandler<E, S> handler, HandlerOwner owner, S initial,
      GenEvent<E> manager) {
    this.id = id;
    this.handler = handler;
    this.owner = owner;
    this.state = initial;
    this.manager = manager;
  }

  /** Wires the processor; {@code startedAfter} is the last sequence this handler will not see. */
  void attach(BatchEventProcessor<Slot<E>> processor, long startedAfter) {
    this.processor = processor;
    this.lastSeen = startedAfter;
  }

  /** Asks the handler to leave after the event at {@code target}. Any thread; idempotent. */
  void requestStop(ExitReason reason, long target) {
    if (requested == null) {
      requested = reason;
    }
    if (target < stopAt) {
      stopAt = target;
    }
    if (lastSeen >= target) {
      processor.halt();
    }
  }

  /** Halts at once, dropping what is left (used when a stop runs out of time). */
  void halt() {
    processor.halt();
  }

  boolean awaitExit(Duration timeout) {
    try {
      return exited.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---------------------------------------------------------------- handler thread

  @Override
  public void onEvent(Slot<E> slot, long sequence, boolean endOfBatch) throws Exception {
    if (done) {
      return;
    }
    boolean last = sequence >= stopAt;
    crashedOn = slot.event;
    state = handler.handleEvent(slot.event, state, endOfBatch || last);
    crashedOn = null;
    lastSeen = sequence;
    if (last || sequence >= stopAt) {
      done = true;
      processor.halt();
    }
  }

  @Override
  public void handleEventException(Throwable ex, long sequence, Slot<E> slot) {
    if (ex instanceof VirtualMachineError && !(ex instanceof StackOverflowError)) {
      log.error("event=handler_fatal manager={} handler={}", manager.name(), id, ex);
    }
    crash = ExitReason.crash(ex);
    done = true;
    processor.halt();
  }

  @Override
  public void onShutdown() {
    manager.ungate(processor.getSequence());
    ExitReason why = crash != null ? crash : requested != null ? requested : ExitReason.SHUTDOWN;
    try {
      handler.terminate(why, state);
    } catch (Exception | Error e) {
      log.warn("event=handler_terminate_failed manager={} handler={} error=\"{}\"",
          manager.name(), id, e.toString(), e);
    }
    state = null;
    HandlerExit exit = new HandlerExit(manager.name(), id, why, crash != null ? crashedOn : null);
    crashedOn = null;
    if (crash != null) {
      manager.reportCrash(exit, ((ExitReason.Crash) crash).cause());
    }
    if (owner != null) {
      try {
        owner.handlerExited(exit);
      } catch (RuntimeException e) {
        log.warn("event=handler_owner_failed {} error=\"{}\"", exit.summary(), e.toString(), e);
      }
    }
    manager.detach(this);
    exited.countDown();
  }

  @Override
  public void handleOnStartException(Throwable ex) {
    log.error("event=handler_start_failed manager={} handler={}", manager.name(), id, ex);
  }

  @Override
  public void handleOnShutdownException(Throwable ex) {
    log.error("event=handler_shutdown_failed manager={} handler={}", manager.name(), id, ex);
    exited.countDown();
  }
}
