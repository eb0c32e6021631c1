package io.switchboard.bench.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartTest {

  @Test
  void new_barsWithWrongValueCount_areRejected() {
    assertThatThrownBy(() -> new Chart("c", "t", Chart.Kind.BARS, "x", "y", List.of("a", "b"),
        List.of(Series.bars("s", List.of(1.0))), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("series s has 1 values for 2 categories");
  }

  @Test
  void newSeries_xAndYOfDifferentLength_isRejected() {
    assertThatThrownBy(() -> new Series("s", List.of(1.0, 2.0), List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
