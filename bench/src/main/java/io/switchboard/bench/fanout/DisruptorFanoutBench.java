package io.switchboard.bench.fanout;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.YieldingWaitStrategy;
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
 * Baseline: a raw LMAX Disruptor 1→3 — one producer, three {@link BatchEventProcessor}s (one
 * thread each, yielding) that all see every event, no copying. The producer is gated by the
 * slowest handler. Score: events published per second (each seen by 3 handlers).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DisruptorFanoutBench {
  static final int HANDLERS = 3;
  static final int RING = 16_384;

  /** One slot of the ring. */
  static final class Slot {
    long value;
  }

  /** What a handler does with an event: folds it into its own sum. */
  static final class Sum {
    long total;
  }

  private RingBuffer<Slot> ring;
  private final BatchEventProcessor<?>[] processors = new BatchEventProcessor<?>[HANDLERS];
  private final Thread[] threads = new Thread[HANDLERS];

  @Setup(Level.Trial)
  public void start() {
    ring = RingBuffer.createSingleProducer(Slot::new, RING, new YieldingWaitStrategy());
    Sequence[] gating = new Sequence[HANDLERS];
    for (int i = 0; i < HANDLERS; i++) {
      Sum sum = new Sum();
      BatchEventProcessor<Slot> p = new BatchEventProcessorBuilder()
          .build(ring, ring.newBarrier(), (slot, seq, end) -> sum.total += slot.value);
      processors[i] = p;
      gating[i] = p.getSequence();
      threads[i] = new Thread(p, "bench-disruptor-1to3-" + i);
      threads[i].setDaemon(true);
    }
    ring.addGatingSequences(gating);
    for (Thread t : threads) {
      t.start();
    }
  }

  @Benchmark
  public void publish() {
    long seq = ring.next();
    ring.get(seq).value = seq;
    ring.publish(seq);
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    for (BatchEventProcessor<?> p : processors) {
      p.halt();
    }
    for (Thread t : threads) {
      t.join(1_000);
    }
  }
}
