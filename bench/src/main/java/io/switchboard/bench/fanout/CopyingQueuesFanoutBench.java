package io.switchboard.bench.fanout;

import java.util.ArrayList;
import java.util.List;
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
 * Baseline: the naive fan-out — one bounded {@link ArrayBlockingQueue} per subscriber (3), the
 * producer puts a copy of every event into each (blocking when one is full), one consumer thread
 * per queue takes them. Score: events published per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CopyingQueuesFanoutBench {
  static final int SUBSCRIBERS = 3;
  static final int CAPACITY = 16_384;

  /** The event; copied once per subscriber. */
  record Event(long value) {}

  private final List<BlockingQueue<Event>> queues = new ArrayList<>();
  private final Thread[] threads = new Thread[SUBSCRIBERS];
  private long next;

  @Setup(Level.Trial)
  public void start() {
    for (int i = 0; i < SUBSCRIBERS; i++) {
      BlockingQueue<Event> q = new ArrayBlockingQueue<>(CAPACITY);
      queues.add(q);
      threads[i] = new Thread(() -> drain(q), "bench-copying-queue-" + i);
      threads[i].setDaemon(true);
      threads[i].start();
    }
  }

  /** A subscriber: takes its copies until interrupted (taking has effects; nothing is elided). */
  private static void drain(BlockingQueue<Event> q) {
    try {
      while (true) {
        q.take();
      }
    } catch (InterruptedException stop) {
      Thread.currentThread().interrupt();
    }
  }

  @Benchmark
  public void publish() throws InterruptedException {
    long v = next++;
    for (BlockingQueue<Event> q : queues) {
      q.put(new Event(v));
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    for (Thread t : threads) {
      t.interrupt();
      t.join(1_000);
    }
  }
}
