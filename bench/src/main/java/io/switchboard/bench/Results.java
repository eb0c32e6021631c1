package io.switchboard.bench;

import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.SuiteResult;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import io.switchboard.bench.support.Json;
import io.switchboard.bench.support.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The results directory: one JSON file per suite, one PNG per chart, and the report. */
final class Results {
  private Results() {}

  /** Stores {@code r} as {@code <out>/<suite>.json}, replacing the previous result. */
  static void store(Path out, SuiteResult r) throws IOException {
    Json.write(out.resolve(r.suite() + ".json"), r);
  }

  /** Every stored result of the known suites, in suite order. */
  static List<SuiteResult> load(Path out, List<Suite> suites) throws IOException {
    List<SuiteResult> all = new ArrayList<>();
    for (Suite s : suites) {
      Path f = out.resolve(s.name() + ".json");
      if (Files.isRegularFile(f)) {
        all.add(Json.read(f, SuiteResult.class));
      }
    }
    return all;
  }

  /** Renders every stored chart and rewrites the report; returns the report's path. */
  static Path writeReport(BenchOptions options, List<Suite> suites, Machine machine)
      throws IOException {
    List<SuiteResult> results = load(options.out(), suites);
    Path reportDir = options.report().getParent();
    Map<String, String> links = new HashMap<>();
    for (SuiteResult r : results) {
      for (Chart c : r.charts()) {
        Path png = Plots.render(c, options.out());
        links.put(c.id(), link(reportDir, png));
      }
    }
    String md = ReportWriter.render(new ReportWriter.Input(machine, results,
        id -> Optional.ofNullable(links.get(id)), link(reportDir, options.out())));
    Files.createDirectories(reportDir);
    Files.writeString(options.report(), md, StandardCharsets.UTF_8);
    return options.report();
  }

  private static String link(Path from, Path to) {
    String rel = from.relativize(to).toString().replace('\\', '/');
    return rel.isEmpty() ? "." : rel;
  }
}
