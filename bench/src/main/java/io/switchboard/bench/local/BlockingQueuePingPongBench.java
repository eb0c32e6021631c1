package io.switchboard.bench.local;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * Baseline: a round-trip through two {@link ArrayBlockingQueue}s to an echo thread — the plain
 * Java hand-off, where each side parks when its queue is empty and is woken by the other.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockingQueuePingPongBench {
  private final BlockingQueue<Long> requests = new ArrayBlockingQueue<>(1);
  private final BlockingQueue<Long> replies = new ArrayBlockingQueue<>(1);
  private Echo echo;
  private long next;

  @Setup(Level.Trial)
  public void start() {
    echo = new Echo("bench-abq-echo", () -> {
      try {
        while (true) {
          replies.put(requests.take());
        }
      } catch (InterruptedException stop) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @Benchmark
  public Long roundTrip() throws InterruptedException {
    requests.put(next++);
    return replies.take();
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    echo.stop();
  }
}
