package io.switchboard.bench.restart;

import io.switchboard.bench.BenchContext;
import io.switchboard.bench.Suite;
import io.switchboard.bench.model.Baseline;
import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.model.Numbers;
import io.switchboard.bench.model.Series;
import io.switchboard.bench.report.Goals;
import io.switchboard.bench.support.Fork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Restart after a crash over 10 000 consecutive crash+restart cycles of one counter under a
 * ONE_FOR_ONE supervisor with crash logging on, beside the same with crash logging off, the bare
 * mechanism without a supervisor, and a raw throw+catch+init — each variant in its own JVM.
 */
public final class RestartSuite implements Suite {

  /** A variant: who restarts the counter and where its crash reports go. */
  private record Variant(String id, String host, String label, boolean logToFile) {}

  private static final Variant SUPERVISED = new Variant("sup-log", "supervisor",
      "Supervisor, crash log on (its async writer → logback FileAppender)", true);
  private static final Variant SUPERVISED_QUIET = new Variant("sup-off", "supervisor",
      "Supervisor, crash log off", false);
  private static final Variant SHORT_WINDOW = new Variant("sup-10ms", "supervisor-short-window",
      "Supervisor with a 10 ms intensity period, crash log off", false);
  private static final Variant BARE = new Variant("bare-off", "listener",
      "bare exit listener + inline restart, crash log off", false);
  private static final Variant BARE_SYNC = new Variant("bare-sync", "listener",
      "bare exit listener + inline restart, crash log written synchronously on the loop", true);

  @Override
  public String name() {
    return "restart";
  }

  @Override
  public String title() {
    return "Restart after a crash";
  }

  @Override
  public Findings run(BenchContext ctx) throws Exception {
    int warmup = ctx.pick(200, 2_000);
    int restarts = ctx.pick(1_000, 10_000);
    RestartProbeResult sup = probe(ctx, SUPERVISED, warmup, restarts);
    RestartProbeResult quiet = probe(ctx, SUPERVISED_QUIET, warmup, restarts);
    RestartProbeResult shortWindow = probe(ctx, SHORT_WINDOW, warmup, restarts);
    RestartProbeResult bare = probe(ctx, BARE, warmup, restarts);
    RestartProbeResult sync = probe(ctx, BARE_SYNC, warmup, restarts);

    Findings.Builder f = Findings.builder(method(warmup, restarts));
    f.figure(new Figure(Goals.RESTART_P50, "crash → restarted p50, " + SUPERVISED.label(),
        sup.p50(), "µs", List.of(new Baseline("same, crash log off", quiet.p50()),
            new Baseline("bare restart, no supervisor", bare.p50()),
            new Baseline("raw throw+catch+init", sup.rawP50()))));
    f.figure(new Figure(Goals.RESTART_P99, "crash → restarted p99, " + SUPERVISED.label(),
        sup.p99(), "µs", List.of(new Baseline("same, crash log off", quiet.p99()),
            new Baseline("bare restart, no supervisor", bare.p99()),
            new Baseline("raw throw+catch+init", sup.rawP99()))));
    f.figure(new Figure(Goals.RESTART_FLAT, "p50 of the last 1 000 ÷ first 1 000 restarts, "
        + SUPERVISED.label(), sup.flatness(), "×",
        List.of(new Baseline("bare restart, no supervisor", bare.flatness()))));
    f.figure(Figure.of("restart.p99.9", "crash → restarted p99.9, " + SUPERVISED.label(),
        sup.p999(), "µs"));
    f.figure(Figure.of("restart.max", "crash → restarted max, " + SUPERVISED.label(), sup.max(),
        "µs"));
    f.figure(Figure.of("restart.caller.p50", "crashing call issued → next call answered p50, "
        + SUPERVISED.label(), sup.callerP50(), "µs"));
    List<Variant> others = List.of(SUPERVISED_QUIET, SHORT_WINDOW, BARE, BARE_SYNC);
    List<RestartProbeResult> results = List.of(quiet, shortWindow, bare, sync);
    for (int i = 0; i < others.size(); i++) {
      Variant v = others.get(i);
      RestartProbeResult r = results.get(i);
      f.figure(Figure.of("restart." + v.id() + ".p50", "crash → restarted p50, " + v.label(),
          r.p50(), "µs"));
      f.figure(Figure.of("restart." + v.id() + ".p99", "crash → restarted p99, " + v.label(),
          r.p99(), "µs"));
    }
    f.chart(new Chart("restart-over-time", "Restart latency over " + restarts
        + " consecutive crashes (buckets of 500)", Chart.Kind.LINES, "restart #", "µs",
        List.of(), List.of(
            new Series("p50, " + SUPERVISED.label(), sup.bucketEnds(), sup.bucketP50()),
            new Series("p99, " + SUPERVISED.label(), sup.bucketEnds(), sup.bucketP99()),
            new Series("p50, " + SHORT_WINDOW.label(), shortWindow.bucketEnds(),
                shortWindow.bucketP50()),
            new Series("p50, " + BARE.label(), bare.bucketEnds(), bare.bucketP50())), true));
    f.note("Crash log: " + sup.logLines() + " of " + sup.crashes() + " crash reports reached the "
        + "file; the supervisor's bounded writer dropped " + sup.logDropped() + " (it drops and "
        + "counts rather than slow the loop down when reports come faster than it writes).");
    f.note("Differences at p50 (each from its own JVM, so small ones are noise): supervisor − "
        + "bare restart " + Numbers.format(quiet.p50() - bare.p50()) + " µs; crash log on − off "
        + "under the supervisor " + Numbers.format(sup.p50() - quiet.p50()) + " µs; writing the "
        + "report synchronously on the loop − bare restart " + Numbers.format(sync.p50()
            - bare.p50()) + " µs (formatting a stack trace is what an asynchronous crash log "
        + "keeps off the loop).");
    f.note("The restart-intensity window: to survive " + restarts + " crashes in a few seconds "
        + "the supervisor needs an intensity of thousands within its period, so its window holds "
        + "thousands of restart times. With a 10 ms period (a handful in the window) the "
        + "supervised p50 is " + Numbers.format(shortWindow.p50()) + " µs against "
        + Numbers.format(quiet.p50()) + " µs with OTP's 5 s"
        + (shortWindow.p50() < 0.7 * quiet.p50()
            ? ": the cost of recording a restart grows with the restarts the window holds."
            : "; no clear difference in this run."));
    return f.build();
  }

  private static RestartProbeResult probe(BenchContext ctx, Variant v, int warmup, int restarts)
      throws IOException, InterruptedException {
    Path config = ctx.workDir().resolve("logback-restart-" + v.id() + ".xml");
    Path crashLog = ctx.workDir().resolve("crash-" + v.id() + ".log");
    String crashLogger = v.logToFile()
        ? "<logger name=\"io.switchboard.crash\" level=\"ERROR\" additivity=\"false\">"
            + "<appender-ref ref=\"FILE\"/></logger>"
        : "<logger name=\"io.switchboard.crash\" level=\"OFF\"/>";
    Files.writeString(config, """
        <configuration>
          <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target>
            <encoder><pattern>%-5level %logger - %msg%n</pattern></encoder>
          </appender>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>${crashLog}</file>
            <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger - %msg%n%ex</pattern></encoder>
          </appender>
          CRASH_LOGGER
          <root level="WARN"><appender-ref ref="STDERR"/></root>
        </configuration>
        """.replace("CRASH_LOGGER", crashLogger));
    return Fork.run(ctx, RestartProbe.class,
        List.of("-Xms512m", "-Xmx512m", "-Dlogback.configurationFile=" + config,
            "-DcrashLog=" + crashLog),
        List.of(v.host(), Integer.toString(warmup), Integer.toString(restarts), v.label()),
        Duration.ofMinutes(ctx.pick(2, 5)), RestartProbeResult.class);
  }

  private static String method(int warmup, int restarts) {
    return "Each variant runs in a child JVM (-Xmx512m) hosting one `Counter` on one `EventLoop`. "
        + "The driver thread calls `reset` on the counter at 0 (the seed's deliberate bug), which "
        + "crashes it, and waits until it was restarted and answers a `read`. The restart time "
        + "is taken on the loop thread, from just before the step throws to the end of the "
        + "`init` that follows, into an HdrHistogram: " + warmup + " unrecorded warm-up "
        + "restarts, then " + restarts + " recorded. Variants: a ONE_FOR_ONE `Supervisor` with "
        + "the counter as its permanent worker (intensity raised to 1 000 000 in 5 s) and its "
        + "crash log on — the supervisor queues each report to its asynchronous bounded writer, "
        + "which logs it through logback to a `FileAppender` (the goal figures); the same with "
        + "the crash logger off; the same with a 10 ms intensity period; the bare mechanism "
        + "without a supervisor (an exit listener that restarts inline on the loop) with logging "
        + "off, and with the report written "
        + "synchronously on the loop. Raw baseline in the same JVM: throw from the counter's "
        + "`step`, catch, re-run `init`, on one thread. Flatness: p50 of the last 1 000 restarts "
        + "÷ p50 of the first 1 000.";
  }
}
