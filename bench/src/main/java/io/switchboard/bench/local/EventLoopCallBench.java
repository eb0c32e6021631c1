package io.switchboard.bench.local;

import io.switchboard.examples.Counter;
import io.switchboard.supervisor.Backpressure;
import io.switchboard.supervisor.EventLoop;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.ServerHost;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One caller thread (the JMH thread) calls one {@link Counter} on one {@link EventLoop}: the
 * round-trip of {@code call(name, READ)}, measured as a latency distribution (SampleTime) and as
 * calls per second (Throughput, 1 caller → 1 server).
 *
 * <p>{@code idle} chooses how both sides wait: {@code spin-yield-park} is
 * {@link IdleStrategy#DEFAULT} for the loop and the caller (what {@code call} uses);
 * {@code short-spin} spins only {@value #SHORT_SPIN_NANOS} ns before yielding (a cross-core
 * hand-off takes well under a microsecond; a longer spin only helps when the other side is
 * running on another core right now); {@code park} parks both at once
 * ({@link IdleStrategy#parking()}), to show the cost of waking a parked thread on every hand-off.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventLoopCallBench {
  static final String SPIN = "spin-yield-park";
  static final String SHORT_SPIN = "short-spin";
  static final String PARK = "park";
  static final long SHORT_SPIN_NANOS = 2_000;
  static final IdleStrategy SHORT = new IdleStrategy(SHORT_SPIN_NANOS, 200_000);
  private static final String NAME = "counter";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Param({SPIN, SHORT_SPIN, PARK})
  public String idle;

  private EventLoop loop;
  private IdleStrategy callerIdle;

  @Setup(Level.Trial)
  public void start() {
    IdleStrategy strategy = switch (idle) {
      case SHORT_SPIN -> SHORT;
      case PARK -> IdleStrategy.parking();
      default -> IdleStrategy.DEFAULT;
    };
    callerIdle = strategy;
    loop = EventLoop.builder("bench-call").idleStrategy(strategy).start();
    loop.start(NAME, new Counter()).orThrow();
  }

  @Benchmark
  public Object call() {
    if (callerIdle == IdleStrategy.DEFAULT) {
      return loop.call(NAME, Counter.Input.READ, TIMEOUT).orThrow();
    }
    return loop.callAsync(NAME, Counter.Input.READ, TIMEOUT, Backpressure.FAIL)
        .await(ServerHost.deadline(TIMEOUT), callerIdle)
        .orThrow();
  }

  @TearDown(Level.Trial)
  public void stop() {
    loop.stop(Duration.ofSeconds(10));
  }
}
