package io.switchboard.bench.cast;

import io.switchboard.examples.Counter;
import io.switchboard.supervisor.EventLoop;
import io.switchboard.supervisor.Reply;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Casts {@code INCREMENT} into one {@link Counter} on one {@link EventLoop} (default inbox of
 * 10 000, default idle strategy) from one producer. A cast refused because the inbox is full is
 * retried after {@code LockSupport.parkNanos(1)} — exactly what a raw Disruptor producer does when
 * its ring is full ({@code SingleProducerSequencer.next}), so both baselines back off alike. The
 * score is the sustained rate of accepted casts, which the loop's step rate bounds;
 * {@code rejected} counts the refusals.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventLoopCastBench {
  private static final String NAME = "counter";
  private EventLoop loop;

  /** Refused casts (inbox full), reported beside the score. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Refusals {
    public long rejected;

    @Setup(Level.Iteration)
    public void clear() {
      rejected = 0;
    }
  }

  @Setup(Level.Trial)
  public void start() {
    loop = EventLoop.builder("bench-cast").start();
    loop.start(NAME, new Counter()).orThrow();
  }

  @Benchmark
  public void cast(Refusals refusals) {
    while (!(loop.cast(NAME, Counter.Input.INCREMENT) instanceof Reply.Ok)) {
      refusals.rejected++;
      LockSupport.parkNanos(1);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    loop.stop(Duration.ofSeconds(10));
  }
}
