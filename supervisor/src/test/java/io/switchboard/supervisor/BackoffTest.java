package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delay_noJitter_doublesFromMinToMax() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).withJitter(0);
    assertThat(b.delay(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(1000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void delay_jitterFromInjectedRandom_scalesAndStaysCapped() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofMillis(500))
        .withJitter(0.5).withRandom(() -> 0.5);
    assertThat(b.delay(0)).isEqualTo(Duration.ofMillis(125)); // 100 · (1 + 0.5·0.5)
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(500)); // 500 capped
  }

  @Test
  void delay_randomOutOfRange_failsFast() {
    Backoff b = Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(2)).withRandom(() -> 1);
    assertThatThrownBy(() -> b.delay(0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void new_minAboveMax_rejected() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
