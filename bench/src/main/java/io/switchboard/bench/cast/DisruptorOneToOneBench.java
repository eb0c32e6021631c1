package io.switchboard.bench.cast;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.switchboard.examples.Counter;
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
 * Baseline: a raw LMAX Disruptor 1→1 (single producer, one {@link BatchEventProcessor} with a
 * yielding wait strategy, ring of 16 384 — the size an {@link io.switchboard.supervisor.EventLoop}
 * rounds its default inbox to). The producer blocks (spins) when the ring is full, so the score is
 * the sustained rate. The handler either sums a long ({@code work=sum}: the raw hand-off) or
 * steps a {@link Counter} with {@code INCREMENT} ({@code work=counter-step}: the same server work
 * an event loop does per cast, without the loop), to split the loop's cost into its own overhead
 * and the server's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DisruptorOneToOneBench {
  static final int RING = 16_384;
  static final String SUM = "sum";
  static final String COUNTER_STEP = "counter-step";

  @Param({SUM, COUNTER_STEP})
  public String work;

  /** One slot of the ring. */
  static final class Slot {
    long value;
  }

  private RingBuffer<Slot> ring;
  private BatchEventProcessor<Slot> processor;
  private Thread consumer;
  private long sum;
  private final Counter counter = new Counter();
  private Long state = 0L;

  @Setup(Level.Trial)
  public void start() {
    ring = RingBuffer.createSingleProducer(Slot::new, RING, new YieldingWaitStrategy());
    EventHandler<Slot> handler = COUNTER_STEP.equals(work)
        ? (slot, seq, endOfBatch) -> state = counter.step(Counter.Input.INCREMENT, state).state()
        : (slot, seq, endOfBatch) -> sum += slot.value;
    processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
    ring.addGatingSequences(processor.getSequence());
    consumer = new Thread(processor, "bench-disruptor-1to1");
    consumer.setDaemon(true);
    consumer.start();
  }

  @Benchmark
  public void publish() {
    long seq = ring.next();
    ring.get(seq).value = seq;
    ring.publish(seq);
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    processor.halt();
    consumer.join(1_000);
  }
}
