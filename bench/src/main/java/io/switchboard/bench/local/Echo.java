package io.switchboard.bench.local;

/**
 * The far side of a raw ping-pong baseline: a daemon thread that answers every request until
 * {@link #stop}. Bounded: {@code stop} waits at most one second for the thread to finish.
 */
final class Echo {
  private final Thread thread;

  /** Starts {@code body}, which must return once {@code Thread.interrupted()} or its own flag. */
  Echo(String name, Runnable body) {
    thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Interrupts the thread and waits at most one second for it to end. */
  void stop() throws InterruptedException {
    thread.interrupt();
    thread.join(1_000);
  }
}
