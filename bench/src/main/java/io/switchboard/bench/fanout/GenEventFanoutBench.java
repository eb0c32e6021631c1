package io.switchboard.bench.fanout;

import io.switchboard.supervisor.event.GenEvent;
import io.switchboard.supervisor.event.GenEventHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link GenEvent} with 3 handlers that each fold every event into a sum, one publisher calling
 * {@code notify} (which waits for room when the ring is full). Ring of 16 384 like the raw
 * baselines; default idle strategy for the handler threads. Score: events notified per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GenEventFanoutBench {
  private static final Duration WAIT = Duration.ofSeconds(5);
  /** Pre-boxed events, so the publisher allocates nothing (the raw ring writes a long). */
  private static final Long[] EVENTS = new Long[1024];

  static {
    for (int i = 0; i < EVENTS.length; i++) {
      EVENTS[i] = (long) i;
    }
  }

  /** A handler's state: its running sum. */
  static final class Sum {
    long total;
  }

  private GenEvent<Long> manager;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    manager = GenEvent.builder("bench-fanout").ringSize(DisruptorFanoutBench.RING).build();
    for (int i = 0; i < DisruptorFanoutBench.HANDLERS; i++) {
      manager.addHandler("h" + i, new GenEventHandler<Long, Sum>() {
        @Override
        public Sum init() {
          return new Sum();
        }

        @Override
        public Sum handleEvent(Long event, Sum state, boolean endOfBatch) {
          state.total += event;
          return state;
        }
      }).orThrow();
    }
  }

  @Benchmark
  public void notifyAll3() {
    manager.notify(EVENTS[next++ & (EVENTS.length - 1)], WAIT).orThrow();
  }

  @TearDown(Level.Trial)
  public void stop() {
    manager.stop(Duration.ofSeconds(10));
  }
}
