package io.switchboard.bench.cast;

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
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** {@code cast} throughput into one event loop beside a raw Disruptor 1→1 in the same run. */
public final class CastSuite implements Suite {

  @Override
  public String name() {
    return "cast";
  }

  @Override
  public String title() {
    return "Casts/s into one server";
  }

  @Override
  public Findings run(BenchContext ctx) throws Exception {
    Collection<RunResult> rs = Jmh.run(ctx, List.of(
        Jmh.Selection.of(EventLoopCastBench.class),
        Jmh.Selection.of(DisruptorOneToOneBench.class)));
    RunResult loop = Jmh.find(rs, EventLoopCastBench.class, Mode.Throughput).orElseThrow();
    double loopRate = Jmh.millionsPerSecond(loop);
    double rawRate = Jmh.millionsPerSecond(Jmh.find(rs, DisruptorOneToOneBench.class,
        Mode.Throughput, "work", DisruptorOneToOneBench.SUM).orElseThrow());
    double stepRate = Jmh.millionsPerSecond(Jmh.find(rs, DisruptorOneToOneBench.class,
        Mode.Throughput, "work", DisruptorOneToOneBench.COUNTER_STEP).orElseThrow());
    Result<?> refused = loop.getSecondaryResults().get("rejected");
    double refusedRate = refused == null ? 0 : Jmh.millionsPerSecond(refused);

    Findings.Builder f = Findings.builder(method());
    f.figure(new Figure(Goals.CAST_RATE, "EventLoop casts/s into one Counter, 1 producer",
        loopRate, "M/s", List.of(new Baseline("raw Disruptor 1→1 (yielding)", rawRate),
            new Baseline("raw Disruptor 1→1 stepping the same Counter", stepRate))));
    f.figure(Figure.of("cast.refused-rate", "casts refused because the inbox was full (retried)",
        refusedRate, "M/s"));
    f.chart(new Chart("cast-throughput", "Casts/s vs raw Disruptor 1→1 (same run)",
        Chart.Kind.BARS, "", "million per second",
        List.of("EventLoop cast", "Disruptor 1→1 + Counter.step", "Disruptor 1→1"),
        List.of(Series.bars("M/s", List.of(loopRate, stepRate, rawRate))), false));
    f.note("The loop reaches " + Numbers.format(loopRate / rawRate) + "× the raw Disruptor 1→1 "
        + "measured beside it, and " + Numbers.format(loopRate / stepRate) + "× a raw Disruptor "
        + "whose handler does the same `Counter.step` — that ratio is the loop's own cost per "
        + "event (claim, slot, dispatch, bookkeeping), the server's work being equal. For every "
        + "accepted cast " + Numbers.format(refusedRate / loopRate)
        + " were refused first because the inbox was full: the single consumer (the loop stepping "
        + "the counter) is the bound, the producer outruns it.");
    return f.build();
  }

  private static String method() {
    return "JMH Throughput, one producer thread casting `INCREMENT` to one `Counter` on one "
        + "`EventLoop` (default inbox 10 000, default idle strategy); a cast refused with "
        + "`Overloaded` (inbox full) is counted and retried after `LockSupport.parkNanos(1)`, the "
        + "back-off of a Disruptor producer whose ring is full, so the score is the sustained "
        + "rate of accepted casts, bounded by the loop's step rate. Baseline in the same run: a "
        + "raw "
        + "Disruptor 1→1 (single producer, one `BatchEventProcessor`, `YieldingWaitStrategy`, "
        + "ring 16 384 — the size the loop rounds its inbox to), once with a handler that sums a "
        + "long and once with a handler that steps a `Counter` with `INCREMENT` like the loop "
        + "does.";
  }
}
