package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void metricNames_histogramQuantile_findsTheBucketSeriesOnly() {
    String expression = "histogram_quantile(0.99, sum by (le, server_kind) "
        + "(rate(switchboard_call_duration_seconds_bucket[$__rate_interval])))";

    assertThat(PromQl.metricNames(expression)).containsExactly("switchboard_call_duration_seconds_bucket");
  }

  @Test
  void metricNames_binaryExpression_findsBothSides() {
    String expression = "sum by (phase) (rate(a_sum[5m])) / ignoring(x) group_left(phase) sum(rate(a_count[5m]))";

    assertThat(PromQl.metricNames(expression)).containsExactly("a_count", "a_sum");
  }

  @Test
  void metricNames_labelMatchersAndStrings_areNotNames() {
    String expression = "sum by (instance) (jvm_memory_used_bytes{area=\"heap\", id=~\"G1 .*\"}) > bool 1e6";

    assertThat(PromQl.metricNames(expression)).containsExactly("jvm_memory_used_bytes");
  }

  @Test
  void metricNames_offsetAndSubquery_areNotNames() {
    String expression = "max_over_time(up[10m:1m] offset 5m) and on(instance) other_metric unless third";

    assertThat(PromQl.metricNames(expression)).containsExactly("other_metric", "third", "up");
  }

  @Test
  void metricNames_unknownMetric_isReported() {
    assertThat(PromQl.metricNames("rate(switchboard_typo_total[1m])")).containsExactly("switchboard_typo_total");
  }

  @Test
  void metricNames_nameSelector_isRefused() {
    assertThatThrownBy(() -> PromQl.metricNames("{__name__=~\"switchboard_.*\"}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void balanced_nestedBrackets_trueAndMismatch_false() {
    assertThat(PromQl.balanced("sum(rate(x{a=\"(\"}[1m]))")).isTrue();
    assertThat(PromQl.balanced("sum(rate(x[1m))")).isFalse();
    assertThat(PromQl.balanced("sum(x")).isFalse();
  }
}
