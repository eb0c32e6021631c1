package io.switchboard.bench.local;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * Baseline: a round-trip through two volatile counters to an echo thread, both sides busy-spinning
 * — the floor of a cross-thread hand-off on this machine (one cache line each way, no wake-up).
 * It keeps both cores busy while it runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpinPingPongBench {
  /** Ping at {@link #PING}, pong at {@link #PONG}: 128 bytes apart, on separate cache lines. */
  private static final int PING = 8;
  private static final int PONG = 24;
  private final AtomicLongArray cells = new AtomicLongArray(32);
  private volatile boolean running = true;
  private Echo echo;
  private long next;

  @Setup(Level.Trial)
  public void start() {
    echo = new Echo("bench-spin-echo", () -> {
      long last = 0;
      while (running) {
        long p = cells.get(PING);
        if (p != last) {
          cells.set(PONG, p);
          last = p;
        } else {
          Thread.onSpinWait();
        }
      }
    });
  }

  @Benchmark
  public long roundTrip() {
    long s = ++next;
    cells.set(PING, s);
    while (cells.get(PONG) != s) {
      Thread.onSpinWait();
    }
    return s;
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    running = false;
    echo.stop();
  }
}
