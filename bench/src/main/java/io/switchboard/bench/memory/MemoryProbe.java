package io.switchboard.bench.memory;

import io.switchboard.bench.support.Json;
import io.switchboard.examples.Counter;
import io.switchboard.examples.telephony.Line;
import io.switchboard.examples.telephony.TelephonyExchange;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Child-JVM probe: starts {@code count} idle servers and reports the heap they hold after a full
 * GC and how long starting them took. Run by {@link MemorySuite} in a JVM with a fixed heap.
 *
 * <p>Arguments: {@code <kind> <count> <result.json>}, kinds:
 *
 * <ul>
 *   <li>{@code counter}: {@link Counter}s named {@code counter-<i>}, one instance each, on an
 *       {@link EventLoopGroup} (one loop per core), unsupervised;
 *   <li>{@code supervised}: the same counters as dynamic children of one SIMPLE_ONE_FOR_ONE
 *       {@link Supervisor} ({@code startChild(name)});
 *   <li>{@code line}: telephone lines ({@link Line}, a {@code GenStatem}) named
 *       {@code line-<i>}, started by the {@link TelephonyExchange} (restarted in place on
 *       a crash);
 *   <li>{@code map}: the raw floor — the names mapped to {@code 0L} in one
 *       {@link ConcurrentHashMap}, no server at all.
 * </ul>
 */
public final class MemoryProbe {
  /** Starts in flight at most, so no inbox (10 000) and no supervisor queue overflows. */
  private static final int WINDOW = 4_096;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private MemoryProbe() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    int count = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    if (kind.equals("map")) {
      Json.write(out, map(count));
      return;
    }
    EventLoopGroup group = EventLoopGroup.start("bench-memory");
    try {
      Json.write(out, switch (kind) {
        case "counter" -> servers(kind, group, count,
            i -> group.startAsync("counter-" + i, new Counter(), null));
        case "supervised" -> supervised(group, count);
        case "line" -> lines(group, count);
        default -> throw new IllegalArgumentException(
            "kind is counter, supervised, line or map; got " + kind);
      });
    } finally {
      group.stop(WAIT);
    }
  }

  private static MemoryProbeResult supervised(EventLoopGroup group, int count) {
    Supervisor sup = Supervisor.builder("bench", group, SupervisorSpec.simpleOneForOne(
        ChildSpec.template("counter", name -> new Counter()))).build();
    sup.start().orThrow();
    return servers("supervised", group, count, i -> sup.startChildAsync("counter-" + i));
  }

  private static MemoryProbeResult lines(EventLoopGroup group, int count) {
    try (TelephonyExchange app = TelephonyExchange.start(group, null, Line.Config.DEFAULT)) {
      // the events server of the app is running: count it in the baseline, not per line
      return servers("line", group, count, i -> app.startLine(TelephonyExchange.LINE_PREFIX + i));
    }
  }

  /**
   * Measures the heap, starts {@code count} servers with {@code start} (at most {@link #WINDOW}
   * in flight), waits for every {@code init}, checks they all run, and measures again.
   */
  private static MemoryProbeResult servers(String kind, EventLoopGroup group, int count,
      IntFunction<Promise<Void>> start) {
    int already = group.serverCount();
    long before = heapAfterGc();
    long t0 = System.nanoTime();
    List<Promise<Void>> inFlight = new ArrayList<>(WINDOW);
    for (int i = 0; i < count; i++) {
      inFlight.add(start.apply(i));
      if (inFlight.size() == WINDOW) {
        awaitAll(inFlight);
      }
    }
    awaitAll(inFlight);
    double seconds = (System.nanoTime() - t0) / 1e9;
    int started = group.serverCount() - already;
    if (started != count) {
      throw new IllegalStateException("started " + started + " of " + count);
    }
    long after = heapAfterGc();
    return result(kind, count, before, after, seconds);
  }

  private static MemoryProbeResult map(int count) {
    long before = heapAfterGc();
    long t0 = System.nanoTime();
    ConcurrentHashMap<String, Object> states = new ConcurrentHashMap<>();
    for (int i = 0; i < count; i++) {
      states.put("counter-" + i, 0L);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long after = heapAfterGc();
    Reference.reachabilityFence(states);
    return result("map", count, before, after, seconds);
  }

  private static void awaitAll(List<Promise<Void>> promises) {
    long deadline = ServerHost.deadline(WAIT);
    for (Promise<Void> p : promises) {
      p.await(deadline, IdleStrategy.DEFAULT).orThrow();
    }
    promises.clear();
  }

  private static MemoryProbeResult result(String kind, int count, long before, long after,
      double seconds) {
    return new MemoryProbeResult(kind, count, (after - before) / (double) count, seconds,
        before / 1048576.0, after / 1048576.0);
  }

  /** Heap in use after three full collections (G1 collects fully on {@code System.gc()}). */
  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
