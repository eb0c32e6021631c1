package io.switchboard.bench.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.report.Goals;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverReportTest {

  private static ScaleResult run(int perNode, List<Double> seconds, List<String> lost) {
    return new ScaleResult(perNode, "n2", seconds.size(), seconds.size(), seconds, 0, lost, 0,
        List.of(0.01, 0.02), Map.of(), 10, Map.of(), Map.of());
  }

  private static double value(Findings f, String id) {
    return f.figures().stream().filter(x -> x.id().equals(id)).findFirst()
        .map(Figure::value).orElseThrow();
  }

  @Test
  void scale_twoSizes_largestIsJudgedAndTheRatioIsP99OverP99() {
    Findings.Builder b = Findings.builder("m");
    FailoverReport.scale(b, List.of(run(10, List.of(0.5, 0.8), List.of()),
        run(10_000, List.of(0.6, 1.0), List.of())));
    Findings f = b.build();

    assertThat(value(f, "failover.scale.10.p99")).isEqualTo(0.8);
    assertThat(value(f, Goals.FAILOVER_SCALE_P99)).isEqualTo(1.0);
    assertThat(value(f, Goals.FAILOVER_SCALE_RATIO)).isCloseTo(1.25, within(1e-9));
  }

  @Test
  void lost_probeAndScaleLosses_areAddedUpWithANotePerLoss() {
    Findings.Builder b = Findings.builder("m");
    FailoverTrial lostProbe = new FailoverTrial(OwnerFaults.KILL, "n1", "n2", 0.7, Map.of(), 3,
        true);
    FailoverReport.lost(b, List.of(lostProbe), List.of(run(10, List.of(0.5, 0.6),
        List.of("counter-scale-a read 0"))));
    Findings f = b.build();

    assertThat(value(f, Goals.LOST_WRITES)).isEqualTo(2.0);
    assertThat(f.notes()).hasSize(2).anyMatch(n -> n.contains("counter-scale-a read 0"));
  }
}
