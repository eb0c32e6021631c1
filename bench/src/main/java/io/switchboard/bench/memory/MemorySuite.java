package io.switchboard.bench.memory;

import io.switchboard.bench.BenchContext;
import io.switchboard.bench.Suite;
import io.switchboard.bench.model.Baseline;
import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.model.Series;
import io.switchboard.bench.support.Fork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory per idle server and the time to start them, at 100 000 and 1 000 000 counters, each
 * count in its own JVM with a fixed heap, beside a bare {@code ConcurrentHashMap} of the same
 * names and states (the floor: a name and a state, nothing else).
 */
public final class MemorySuite implements Suite {

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String title() {
    return "Memory per idle server and start time";
  }

  /** A kind of server the probe can start, with its label. */
  private record Kind(String id, String label) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("counter", "Counter, unsupervised"),
      new Kind("supervised", "Counter under a SIMPLE_ONE_FOR_ONE supervisor"),
      new Kind("line", "telephone line (GenStatem)"));

  @Override
  public Findings run(BenchContext ctx) throws Exception {
    List<Integer> counts = ctx.pick(List.of(20_000), List.of(100_000, 1_000_000));
    Findings.Builder f = Findings.builder(method());
    List<String> categories = new ArrayList<>();
    Map<String, List<Double>> bytes = new LinkedHashMap<>();
    for (int n : counts) {
      MemoryProbeResult map = probe(ctx, "map", n);
      categories.add(label(n));
      for (Kind k : KINDS) {
        MemoryProbeResult r = probe(ctx, k.id(), n);
        f.figure(new Figure("memory." + k.id() + "." + n, "heap per idle server, " + label(n)
            + " × " + k.label(), r.bytesEach() / 1024, "KiB",
            List.of(new Baseline("ConcurrentHashMap name → state", map.bytesEach() / 1024))));
        f.figure(new Figure("start." + k.id() + "." + n, "start " + label(n) + " × " + k.label()
            + " (every init done)", r.startSeconds(), "s",
            List.of(new Baseline("fill the ConcurrentHashMap", map.startSeconds()))));
        bytes.computeIfAbsent(k.label(), x -> new ArrayList<>()).add(r.bytesEach());
      }
      bytes.computeIfAbsent("ConcurrentHashMap name → state (floor)", x -> new ArrayList<>())
          .add(map.bytesEach());
    }
    List<Series> series = new ArrayList<>();
    bytes.forEach((name, ys) -> series.add(Series.bars(name, ys)));
    f.chart(new Chart("memory-per-server", "Heap per idle server vs a bare map entry",
        Chart.Kind.BARS, "servers", "bytes each", categories, series, false));
    return f.build();
  }

  private static MemoryProbeResult probe(BenchContext ctx, String kind, int n) throws Exception {
    String heap = n > 200_000 ? "3g" : "1g";
    return Fork.run(ctx, MemoryProbe.class, List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"),
        List.of(kind, Integer.toString(n)), Duration.ofMinutes(5), MemoryProbeResult.class);
  }

  private static String label(int n) {
    return n % 1_000_000 == 0 ? (n / 1_000_000) + " M" : (n / 1_000) + " k";
  }

  private static String method() {
    return "Each kind and count runs in a child JVM with a fixed heap (`-Xms=-Xmx`, 1 GiB up to "
        + "200 000 servers, 3 GiB above; G1). It starts an `EventLoopGroup` (one loop per core), "
        + "measures the heap after three `System.gc()`, starts the servers (at most 4 096 starts "
        + "in flight), waits for every `init`, checks the host's server count, then measures the "
        + "heap again after GC: (after − before) ÷ count. KiB = 1 024 bytes. Kinds: `Counter`s "
        + "(`counter-<i>`, one instance each) started directly on the group; the same as dynamic "
        + "children of a SIMPLE_ONE_FOR_ONE `Supervisor` (`startChild`); telephone lines "
        + "(`line-<i>`, the `GenStatem` of the telephony demo, started by its "
        + "`TelephonyExchange`, whose event manager is running before the baseline heap is "
        + "taken). Baseline in a separate JVM "
        + "of the same size: the same names mapped to `0L` in one `ConcurrentHashMap` — a name and "
        + "a state and nothing else.";
  }
}
