package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry policy as the pure function it is. */
class RetryTest {
  private final Retry retry = new Retry(5, Duration.ofMillis(100), Duration.ofMillis(350));

  @Test
  void retries_onlyUnavailable_andOnlyBelowMaxAttempts() {
    assertThat(retry.retries(Status.Code.UNAVAILABLE, 1)).isTrue();
    assertThat(retry.retries(Status.Code.UNAVAILABLE, 4)).isTrue();
    assertThat(retry.retries(Status.Code.UNAVAILABLE, 5)).isFalse();
    for (Status.Code code : Status.Code.values()) {
      if (code != Status.Code.UNAVAILABLE) {
        assertThat(retry.retries(code, 1)).as(code.name()).isFalse();
      }
    }
  }

  @Test
  void delay_untriedTargetLeft_zero() {
    assertThat(retry.delayNanos(1, 3, 0.9)).isZero();
    assertThat(retry.delayNanos(2, 3, 0.9)).isZero();
  }

  @Test
  void delay_everyTargetTried_exponentialWithEqualJitterUpToMax() {
    long ms = 1_000_000;
    assertThat(retry.delayNanos(3, 3, 0.0)).isEqualTo(50 * ms);
    assertThat(retry.delayNanos(3, 3, 0.5)).isEqualTo(75 * ms);
    assertThat(retry.delayNanos(4, 3, 0.0)).isEqualTo(100 * ms);
    assertThat(retry.delayNanos(5, 3, 0.0)).isEqualTo(175 * ms); // capped at 350
    assertThat(retry.delayNanos(99, 3, 0.999_999)).isLessThan(350 * ms);
    assertThat(retry.delayNanos(1, 1, 0.0)).isEqualTo(50 * ms);
  }

  @Test
  void construction_badBounds_refused() {
    assertThatThrownBy(() -> new Retry(0, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("1 = no retries");
    assertThatThrownBy(() -> new Retry(101, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("1..100");
    assertThatThrownBy(() -> new Retry(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("initial <= max");
  }
}
