package io.switchboard.supervisor.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on whichever thread submits while no other
 * thread is draining (grpc-java's {@code SynchronizationContext}). A submitter that finds another
 * thread draining just queues and returns: nobody ever blocks on a supervisor, so a loop thread
 * that reports a child's exit can never deadlock with another loop. A task submitted by a running
 * task runs after it, on the same thread (no recursion).
 *
 * <p>The fast path: a loop thread reporting an exit to an idle supervisor runs the decision
 * inline, so a restart in place happens before the loop takes its next event.
 *
 * <p>The queue is bounded by its callers: each child has at most a few outstanding events
 * (exit, start/stop completion, timeout, backoff), and API calls are limited by the engine.
 * {@code inFlight} counts queued and running tasks tree-wide (for quiescence checks).
 */
final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Thread> drainer = new AtomicReference<>();
  private final AtomicInteger inFlight;
  private final String name;

  SerialExecutor(String name, AtomicInteger inFlight) {
    this.name = name;
    this.inFlight = inFlight;
  }

  @Override
  public void execute(Runnable task) {
    inFlight.incrementAndGet();
    queue.add(task);
    drain();
  }

  private void drain() {
    do {
      if (!drainer.compareAndSet(null, Thread.currentThread())) {
        return;
      }
      try {
        Runnable task;
        while ((task = queue.poll()) != null) {
          try {
            task.run();
          } catch (RuntimeException | StackOverflowError e) {
            log.error("event=supervisor_task_failed supervisor={} error=\"{}\"", name,
                e.toString(), e);
          } finally {
            inFlight.decrementAndGet();
          }
        }
      } finally {
        drainer.set(null);
      }
    } while (!queue.isEmpty());
  }
}
