package io.switchboard.bench;

import io.switchboard.bench.cast.CastSuite;
import io.switchboard.bench.fanout.FanoutSuite;
import io.switchboard.bench.local.LocalCallSuite;
import io.switchboard.bench.memory.MemorySuite;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.model.Status;
import io.switchboard.bench.model.SuiteResult;
import io.switchboard.bench.remote.CrossNodeSuite;
import io.switchboard.bench.remote.FailoverSuite;
import io.switchboard.bench.remote.ReplicationSuite;
import io.switchboard.bench.restart.RestartSuite;
import io.switchboard.bench.support.Machine;
import io.switchboard.testkit.AwaitFailed;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./switchboard bench [--quick] [--only name,…] [--out DIR] [--report FILE] [--node-jar F]}:
 * runs the benchmark suites, stores each suite's result as {@code <out>/<suite>.json}, renders the
 * plots to {@code <out>/*.png} and regenerates the report from every stored result (so
 * {@code --only} refreshes some suites and keeps the others). See {@link BenchOptions}.
 *
 * <p>Exit status: 0 when every suite that ran measured something or reported a gap, 1 when one
 * failed, 2 on a usage error.
 */
public final class BenchMain {

  /** Every suite, in report order. */
  static final List<Suite> SUITES = List.of(
      new LocalCallSuite(),
      new CastSuite(),
      new FanoutSuite(),
      new RestartSuite(),
      new MemorySuite(),
      new CrossNodeSuite(),
      new FailoverSuite(),
      new ReplicationSuite());

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    BenchOptions options;
    try {
      options = BenchOptions.parse(List.of(args), Path.of("").toAbsolutePath(), names());
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(options));
  }

  /** Runs the selected suites and regenerates the report; returns the exit status. */
  static int run(BenchOptions options) throws Exception {
    Path work = Files.createTempDirectory("switchboard-bench-");
    BenchContext ctx = new BenchContext(options, work,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        System.getProperty("java.class.path"));
    Files.createDirectories(options.out());
    boolean failed = false;
    for (Suite suite : SUITES) {
      if (!options.selects(suite.name())) {
        continue;
      }
      SuiteResult r = runOne(suite, ctx);
      failed |= r.status() == Status.FAILED;
      Results.store(options.out(), r);
      System.out.println("bench: " + suite.name() + " " + r.status() + " in "
          + Math.round(r.seconds()) + " s");
    }
    Path report = Results.writeReport(options, SUITES, Machine.detect());
    System.out.println("bench: results in " + options.out() + ", report " + report);
    if (failed) {
      System.out.println("bench: logs of the child processes kept in " + work);
      return 1;
    }
    deleteTree(work);
    return 0;
  }

  private static SuiteResult runOne(Suite suite, BenchContext ctx) {
    System.out.println("bench: running " + suite.name() + (ctx.quick() ? " (quick)" : ""));
    double load = Machine.loadAverage();
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    Findings found;
    try {
      found = suite.run(ctx);
    } catch (Exception | LinkageError | AwaitFailed e) { // AwaitFailed: a harness wait ended
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      System.err.println("bench: " + suite.name() + " failed: " + trace);
      found = new Findings(Status.FAILED, "", List.of(), List.of(),
          List.of("**Error:** `" + e + "`\n\n```\n" + firstLines(trace.toString(), 25) + "\n```"));
    }
    return new SuiteResult(suite.name(), suite.title(), found.status(),
        ctx.quick() ? "quick" : "full", start.truncatedTo(ChronoUnit.SECONDS).toString(),
        (System.nanoTime() - t0) / 1e9, load, found.method(), found.figures(), found.charts(),
        found.notes());
  }

  /** Removes the scratch directory (child JVM logs, probe results, node data), if it can. */
  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.out.println("bench: could not remove " + dir + ": " + e);
    }
  }

  private static String firstLines(String s, int n) {
    return String.join("\n", s.lines().limit(n).toList());
  }

  private static Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    SUITES.forEach(s -> names.add(s.name()));
    return names;
  }
}
