package io.switchboard.bench.restart;

import io.switchboard.examples.Counter;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Step;

/**
 * The demo {@link Counter}, with two timestamps taken on the loop thread: when it is about to
 * crash ({@code RESET} at 0, the seed's deliberate bug) and when an {@code init} has finished.
 * Their difference is one crash-to-restarted interval, free of any caller round-trip.
 */
final class TimedCounter implements GenServer<Counter.Input, Long, Counter.Output> {
  private final Counter counter = new Counter();
  private volatile long crashAt;
  private volatile long initAt;
  private volatile int inits;

  @Override
  public Long init() throws Exception {
    Long state = counter.init();
    initAt = System.nanoTime();
    inits++; // written by the one loop thread only
    return state;
  }

  @Override
  public Step<Long, Counter.Output> step(Counter.Input input, Long state) {
    if (input == Counter.Input.RESET && state == 0) {
      crashAt = System.nanoTime();
    }
    return counter.step(input, state);
  }

  @Override
  public void terminate(ExitReason reason, Long state) throws Exception {
    counter.terminate(reason, state);
  }

  @Override
  public String kind() {
    return counter.kind();
  }

  /** How many times {@code init} ran (the first start included). Any thread. */
  int inits() {
    return inits;
  }

  /** Nanoseconds from the last crash to the end of the {@code init} that followed it. */
  long lastRestartNanos() {
    return initAt - crashAt;
  }
}
