package io.switchboard.bench.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void format_valuesAcrossDecades_keepAboutThreeSignificantDigits() {
    assertThat(Numbers.format(1234.5)).isEqualTo("1235");
    assertThat(Numbers.format(56.78)).isEqualTo("56.8");
    assertThat(Numbers.format(2.345)).isEqualTo("2.35");
    assertThat(Numbers.format(2.0)).isEqualTo("2");
    assertThat(Numbers.format(0.01234)).isEqualTo("0.0123");
    assertThat(Numbers.format(0)).isEqualTo("0");
  }

  @Test
  void format_notANumber_isNotApplicable() {
    assertThat(Numbers.format(Double.NaN)).isEqualTo("n/a");
  }
}
