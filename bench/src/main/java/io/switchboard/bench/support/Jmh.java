package io.switchboard.bench.support;

import io.switchboard.bench.BenchContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH benchmarks through its {@link Runner} API with the run's settings: one fork each,
 * 1 × 200 ms warm-up and 1 × 300 ms measurement in quick mode, 3 × 1 s and 5 × 1 s otherwise.
 * Blocks until every benchmark ran.
 */
public final class Jmh {
  private Jmh() {}

  /** A benchmark class with parameter values to restrict it to (name → values). */
  public record Selection(Class<?> benchmark, Map<String, List<String>> params) {
    public static Selection of(Class<?> benchmark) {
      return new Selection(benchmark, Map.of());
    }
  }

  /** Runs the selected benchmarks and returns every result. */
  public static Collection<RunResult> run(BenchContext ctx, List<Selection> selections)
      throws RunnerException {
    List<RunResult> all = new ArrayList<>();
    for (Selection s : selections) {
      ChainedOptionsBuilder b = new OptionsBuilder()
          .include("^" + s.benchmark().getName().replace(".", "\\.") + "\\.")
          .forks(1)
          .threads(1)
          .warmupIterations(ctx.pick(1, 3))
          .warmupTime(ctx.pick(TimeValue.milliseconds(200), TimeValue.seconds(1)))
          .measurementIterations(ctx.pick(1, 5))
          .measurementTime(ctx.pick(TimeValue.milliseconds(300), TimeValue.seconds(1)))
          .timeout(TimeValue.seconds(60))
          .jvmArgsAppend("-Xms1g", "-Xmx1g")
          .shouldFailOnError(true)
          .verbosity(ctx.pick(VerboseMode.SILENT, VerboseMode.NORMAL));
      s.params().forEach((k, v) -> b.param(k, v.toArray(String[]::new)));
      all.addAll(new Runner(b.build()).run());
    }
    return all;
  }

  /** The result of {@code benchmark}'s method in {@code mode} with param {@code key=value}. */
  public static Optional<RunResult> find(Collection<RunResult> results, Class<?> benchmark,
      org.openjdk.jmh.annotations.Mode mode, String key, String value) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().startsWith(benchmark.getName() + "."))
        .filter(r -> r.getParams().getMode() == mode)
        .filter(r -> key == null || value.equals(r.getParams().getParam(key)))
        .findFirst();
  }

  /** {@link #find} without a parameter. */
  public static Optional<RunResult> find(Collection<RunResult> results, Class<?> benchmark,
      org.openjdk.jmh.annotations.Mode mode) {
    return find(results, benchmark, mode, null, null);
  }

  /** A percentile (0–100) of a SampleTime result, in microseconds. */
  public static double micros(RunResult r, double percentile) {
    Result<?> p = r.getPrimaryResult();
    return toMicros(p.getStatistics().getPercentile(percentile), p.getScoreUnit());
  }

  /** A Throughput result in millions of operations per second. */
  public static double millionsPerSecond(RunResult r) {
    return millionsPerSecond(r.getPrimaryResult());
  }

  /** A throughput-unit result (primary or secondary) in millions per second. */
  public static double millionsPerSecond(Result<?> r) {
    String unit = r.getScoreUnit();
    double perUnit = r.getScore();
    String per = unit.substring(unit.indexOf('/') + 1);
    return perUnit * TimeUnit.SECONDS.toNanos(1) / unitNanos(per) / 1e6;
  }

  private static double toMicros(double v, String unit) {
    String u = unit.substring(0, unit.indexOf('/'));
    return v * unitNanos(u) / 1_000.0;
  }

  private static double unitNanos(String u) {
    return switch (u) {
      case "ns" -> 1;
      case "us" -> 1_000;
      case "ms" -> 1_000_000;
      case "s" -> 1_000_000_000;
      case "min" -> 60e9;
      default -> throw new IllegalArgumentException("unknown JMH time unit " + u);
    };
  }
}
