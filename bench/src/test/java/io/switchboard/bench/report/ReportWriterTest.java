package io.switchboard.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.model.Baseline;
import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Goal;
import io.switchboard.bench.model.Series;
import io.switchboard.bench.model.Status;
import io.switchboard.bench.model.SuiteResult;
import io.switchboard.bench.support.Machine;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
  private static final Machine MACHINE =
      new Machine(2, "Test CPU", 24, "Linux", "OpenJDK 17", "Vendor");

  private static SuiteResult result(String suite, Status status, String mode, double load,
      List<Figure> figures, List<String> notes) {
    return new SuiteResult(suite, "Title of " + suite, status, mode, "2025-01-01T00:00:00Z", 3,
        load, "how", figures, List.of(new Chart(suite + "-chart", "A chart", Chart.Kind.BARS,
            "x", "y", List.of("a"), List.of(Series.bars("s", List.of(1.0))), false)), notes);
  }

  private static String render(List<SuiteResult> results) {
    return ReportWriter.render(new ReportWriter.Input(MACHINE, results,
        id -> Optional.of("results/" + id + ".png"), "results"));
  }

  private static String row(String md, String label) {
    return md.lines().filter(l -> l.startsWith("| " + label + " |")).findFirst().orElseThrow();
  }

  @Test
  void render_figureBelowGoal_isMarkedMetWithBaselineRatio() {
    Figure p50 = new Figure(Goals.CALL_P50, "call p50", 1.5, "µs",
        List.of(new Baseline("spin", 0.5)));

    String md = render(List.of(result("local-call", Status.OK, "full", 0.1, List.of(p50),
        List.of())));

    String row = row(md, "local call round-trip p50");
    assertThat(row).contains("**1.5 µs**", "spin: 0.5 µs (3×)", "≤ 2 µs", "✅ met",
        "2.2 µs (gen_server:call)");
  }

  @Test
  void render_figureAboveGoal_isMarkedMissedAndListed() {
    Figure p50 = Figure.of(Goals.CALL_P50, "call p50", 105, "µs");

    String md = render(List.of(result("local-call", Status.OK, "full", 0.1, List.of(p50),
        List.of())));

    assertThat(row(md, "local call round-trip p50")).contains("❌ missed");
    assertThat(md).contains("Goals missed in this run:",
        "* local call round-trip p50: 105 µs against ≤ 2 µs");
  }

  @Test
  void render_everyGoal_hasARowEvenWhenNotMeasured() {
    String md = render(List.of(result("fanout", Status.PARTIAL, "full", 0.1, List.of(),
        List.of("**Gap:** GenEvent missing"))));

    for (Goal g : Goals.ALL) {
      assertThat(md).contains("| " + g.label() + " |");
    }
    assertThat(row(md, "event fan-out to 3 handlers")).contains("not measured",
        "suite `fanout`: partial");
    assertThat(row(md, "failover after kill -9 of the owner, p99"))
        .contains("suite `failover` has not run yet");
    assertThat(md).contains("* **Gap:** GenEvent missing");
  }

  @Test
  void render_busyMachineAndQuickMode_areFlagged() {
    String md = render(List.of(result("cast", Status.OK, "quick", 3.5, List.of(), List.of())));

    assertThat(md).contains("**Busy machine.**", "load average up to 3.5", "**Quick mode.**",
        "`cast`");
  }

  @Test
  void render_quietFullRun_hasNoWarnings() {
    String md = render(List.of(result("cast", Status.OK, "full", 0.2, List.of(), List.of())));

    assertThat(md).doesNotContain("Busy machine", "Quick mode");
  }

  @Test
  void render_machineAndPlots_areShown() {
    String md = render(List.of(result("cast", Status.OK, "full", 0.2, List.of(), List.of())));

    assertThat(md).contains("| CPU | Test CPU — 2 processors", "| JVM | OpenJDK 17 (Vendor) |",
        "![A chart](results/cast-chart.png)");
  }
}
