package io.switchboard.bench.remote;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Measures the latency of several kinds of blocking call side by side: warm-up, then rounds in
 * which every kind runs a slice of its calls in turn, so that a burst of load from elsewhere
 * lands on all of them alike. Not thread-safe; one driver thread.
 */
final class Interleaved {
  private static final int ROUNDS = 10;
  private final Map<String, Runnable> kinds = new LinkedHashMap<>();

  /** Adds a kind: {@code call} performs one blocking call and throws if it failed. */
  Interleaved add(String name, Runnable call) {
    kinds.put(name, call);
    return this;
  }

  /** Runs {@code warmup} then {@code calls} calls of every kind; a histogram (ns) per kind. */
  Map<String, Histogram> run(int warmup, int calls) {
    for (Runnable call : kinds.values()) {
      for (int i = 0; i < warmup; i++) {
        call.run();
      }
    }
    Map<String, Histogram> out = new LinkedHashMap<>();
    kinds.keySet().forEach(k -> out.put(k, new Histogram(Duration.ofSeconds(60).toNanos(), 3)));
    int slice = Math.max(1, calls / ROUNDS);
    for (int round = 0; round < ROUNDS; round++) {
      for (Map.Entry<String, Runnable> k : kinds.entrySet()) {
        Histogram h = out.get(k.getKey());
        for (int i = 0; i < slice; i++) {
          long t0 = System.nanoTime();
          k.getValue().run();
          h.recordValue(System.nanoTime() - t0);
        }
      }
    }
    return out;
  }

  /** A percentile of {@code h} in microseconds. */
  static double micros(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1_000.0;
  }
}
