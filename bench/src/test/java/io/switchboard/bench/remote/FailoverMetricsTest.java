package io.switchboard.bench.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverMetricsTest {
  private static final String BEFORE = """
      # HELP switchboard_failover_seconds Time of each failover phase
      # TYPE switchboard_failover_seconds summary
      switchboard_failover_seconds_count{phase="elect"} 1
      switchboard_failover_seconds_sum{phase="elect"} 2.0
      switchboard_failover_seconds_count{phase="first_call",} 1
      switchboard_failover_seconds_sum{phase="first_call",} 0.01
      switchboard_calls_total{outcome="ok",server_kind="counter"} 5.0
      """;
  private static final String AFTER = """
      switchboard_failover_seconds_count{phase="elect"} 3
      switchboard_failover_seconds_sum{phase="elect"} 5.0
      switchboard_failover_seconds_count{phase="first_call",} 1
      switchboard_failover_seconds_sum{phase="first_call",} 0.01
      switchboard_failover_seconds_max{phase="elect"} 2.0
      """;

  @Test
  void meanSince_phasesWithNewObservations_giveTheirMean() {
    Map<String, Double> mean =
        FailoverMetrics.parse(AFTER).meanSince(FailoverMetrics.parse(BEFORE));

    assertThat(mean).containsOnlyKeys("elect");
    assertThat(mean.get("elect")).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void plus_twoNodes_addsSumsAndCountsPerPhase() {
    FailoverMetrics both = FailoverMetrics.parse(BEFORE).plus(FailoverMetrics.parse(AFTER));

    assertThat(both.counts()).containsEntry("elect", 4.0).containsEntry("first_call", 2.0);
    assertThat(both.meanSince(FailoverMetrics.parse(AFTER)).get("elect"))
        .isCloseTo(2.0, within(1e-9));
  }

  @Test
  void parse_textWithoutTheHistogram_isEmpty() {
    FailoverMetrics m = FailoverMetrics.parse("switchboard_crashes_total 3.0\n");

    assertThat(m.counts()).isEmpty();
    assertThat(m.meanSince(FailoverMetrics.EMPTY)).isEmpty();
  }

  @Test
  void rank_twentyTrials_p99IsTheSlowestAndP50TheTenth() {
    List<Double> sorted = java.util.stream.IntStream.rangeClosed(1, 20)
        .mapToObj(i -> (double) i).toList();

    assertThat(FailoverSuite.rank(sorted, 99)).isEqualTo(20.0);
    assertThat(FailoverSuite.rank(sorted, 50)).isEqualTo(10.0);
    assertThat(FailoverSuite.rank(List.of(), 50)).isZero();
  }
}
