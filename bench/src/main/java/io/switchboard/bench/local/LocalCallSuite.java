package io.switchboard.bench.local;

import io.switchboard.bench.BenchContext;
import io.switchboard.bench.Suite;
import io.switchboard.bench.model.Baseline;
import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.model.Numbers;
import io.switchboard.bench.model.Series;
import io.switchboard.bench.report.Goals;
import io.switchboard.bench.support.Jmh;
import io.switchboard.bench.support.Machine;
import io.switchboard.supervisor.IdleStrategy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;

/**
 * Local {@code call} round-trip through an event loop beside two raw hand-offs measured in the same
 * run: an {@code ArrayBlockingQueue} ping-pong (parks) and a busy-spin ping-pong (never parks).
 */
public final class LocalCallSuite implements Suite {
  private static final double[] PERCENTILES = {50, 90, 99, 99.9};

  @Override
  public String name() {
    return "local-call";
  }

  @Override
  public String title() {
    return "Local call: round-trip latency and calls/s";
  }

  @Override
  public Findings run(BenchContext ctx) throws Exception {
    List<String> idles = ctx.pick(List.of(EventLoopCallBench.SPIN),
        List.of(EventLoopCallBench.SPIN, EventLoopCallBench.SHORT_SPIN, EventLoopCallBench.PARK));
    Collection<RunResult> rs = Jmh.run(ctx, List.of(
        new Jmh.Selection(EventLoopCallBench.class, Map.of("idle", idles)),
        Jmh.Selection.of(BlockingQueuePingPongBench.class),
        Jmh.Selection.of(SpinPingPongBench.class)));
    RunResult loop = Jmh.find(rs, EventLoopCallBench.class, Mode.SampleTime, "idle",
        EventLoopCallBench.SPIN).orElseThrow();
    RunResult abq = Jmh.find(rs, BlockingQueuePingPongBench.class, Mode.SampleTime).orElseThrow();
    RunResult spin = Jmh.find(rs, SpinPingPongBench.class, Mode.SampleTime).orElseThrow();

    Findings.Builder f = Findings.builder(method());
    for (double p : new double[] {50, 99}) {
      String id = p == 50 ? Goals.CALL_P50 : Goals.CALL_P99;
      f.figure(new Figure(id, "EventLoop call round-trip p" + Numbers.format(p)
          + " (spin-yield-park)", Jmh.micros(loop, p), "µs", List.of(
              new Baseline("ArrayBlockingQueue ping-pong p" + Numbers.format(p),
                  Jmh.micros(abq, p)),
              new Baseline("busy-spin ping-pong p" + Numbers.format(p), Jmh.micros(spin, p)))));
    }
    f.figure(Figure.of("call.p99.9", "EventLoop call round-trip p99.9 (spin-yield-park)",
        Jmh.micros(loop, 99.9), "µs"));
    f.figure(rate(Goals.CALL_RATE, "EventLoop calls/s, 1 caller → 1 server (spin-yield-park)",
        rs, EventLoopCallBench.SPIN));

    List<Series> series = new ArrayList<>();
    series.add(percentiles("EventLoop call (spin-yield-park)", loop));
    variant(f, series, rs, abq, EventLoopCallBench.SHORT_SPIN, "short-spin",
        "spin 2 µs, yield 200 µs, then park");
    variant(f, series, rs, abq, EventLoopCallBench.PARK, "park", "both sides park at once");
    series.add(percentiles("ArrayBlockingQueue ping-pong", abq));
    series.add(percentiles("busy-spin ping-pong", spin));
    f.chart(new Chart("local-call-latency", "Local call round-trip vs raw hand-offs (same run)",
        Chart.Kind.BARS, "percentile", "µs (log scale)",
        List.of("p50", "p90", "p99", "p99.9"), series, true));
    explain(f, loop, Jmh.micros(spin, 50), Jmh.micros(abq, 50));
    return f.build();
  }

  private static Figure rate(String id, String label, Collection<RunResult> rs, String idle) {
    RunResult loop = Jmh.find(rs, EventLoopCallBench.class, Mode.Throughput, "idle", idle)
        .orElseThrow();
    RunResult abq = Jmh.find(rs, BlockingQueuePingPongBench.class, Mode.Throughput).orElseThrow();
    RunResult spin = Jmh.find(rs, SpinPingPongBench.class, Mode.Throughput).orElseThrow();
    return new Figure(id, label, Jmh.millionsPerSecond(loop), "M/s", List.of(
        new Baseline("ArrayBlockingQueue ping-pong", Jmh.millionsPerSecond(abq)),
        new Baseline("busy-spin ping-pong", Jmh.millionsPerSecond(spin))));
  }

  /** The figures and chart series of a loop variant measured in full mode only. */
  private static void variant(Findings.Builder f, List<Series> series, Collection<RunResult> rs,
      RunResult abq, String idle, String id, String what) {
    Jmh.find(rs, EventLoopCallBench.class, Mode.SampleTime, "idle", idle).ifPresent(r -> {
      for (double p : new double[] {50, 99}) {
        f.figure(new Figure("call." + id + ".p" + Numbers.format(p), "EventLoop call round-trip p"
            + Numbers.format(p) + ", " + what, Jmh.micros(r, p), "µs", List.of(new Baseline(
                "ArrayBlockingQueue ping-pong p" + Numbers.format(p), Jmh.micros(abq, p)))));
      }
      f.figure(rate("call." + id + ".rate", "EventLoop calls/s, " + what, rs, idle));
      series.add(percentiles("EventLoop call (" + what + ")", r));
    });
  }

  private static Series percentiles(String name, RunResult r) {
    List<Double> ys = new ArrayList<>();
    for (double p : PERCENTILES) {
      ys.add(Jmh.micros(r, p));
    }
    return Series.bars(name, ys);
  }

  private static void explain(Findings.Builder f, RunResult loop, double spin, double abq) {
    double p50 = Jmh.micros(loop, 50);
    double p99 = Jmh.micros(loop, 99);
    f.note("The loop's round-trip p50 is " + Numbers.format(p50 / spin)
        + "× the busy-spin floor and " + Numbers.format(p50 / abq)
        + "× the parking ArrayBlockingQueue hand-off measured in the same run.");
    double twoSpins = 2 * IdleStrategy.DEFAULT.spinNanos() / 1_000.0;
    if (p99 >= 0.8 * twoSpins) {
      f.note("A round-trip near " + Numbers.format(twoSpins) + " µs (here p99 "
          + Numbers.format(p99) + " µs, p50 " + Numbers.format(p50) + " µs) is two full spin "
          + "phases of `IdleStrategy.DEFAULT`: when the caller and the loop thread share one core "
          + "(the other core busy with other work; load average "
          + Numbers.format(Machine.loadAverage()) + " on "
          + Runtime.getRuntime().availableProcessors() + " cores as this note was written), the "
          + "side that waits spins " + Numbers.format(twoSpins / 2) + " µs before it yields the "
          + "core to the side that would answer, once per direction. Spinning only pays while the "
          + "other side runs on another core; compare the short-spin and park variants, which "
          + "trade a slower median for a far shorter tail.");
    }
  }

  private static String method() {
    return "JMH (SampleTime for the percentiles, Throughput for calls/s), one caller thread, one "
        + "`Counter` on one `EventLoop`, `call(name, READ)`; the loop and the caller wait with "
        + "`IdleStrategy.DEFAULT` (spin 2 µs, yield 200 µs, then park). Baselines in the same "
        + "run: "
        + "a round-trip through two `ArrayBlockingQueue`s (capacity 1) to an echo thread, and a "
        + "busy-spin ping-pong over two volatile longs on separate cache lines. In full mode two "
        + "more wait strategies run for both sides: a short spin (2 µs, then yield 200 µs, then "
        + "park) and parking at once (`IdleStrategy.parking()`, what waking a parked thread costs "
        + "on every hand-off).";
  }
}
