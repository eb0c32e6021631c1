package io.switchboard.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The restart-intensity window alone: a pure value, no threads, no clock. */
class IntensityWindowTest {
  private static final long S = 1_000_000_000L;

  @Test
  void record_exactlyAtLimit_notExceeded() {
    RestartWindow w = RestartWindow.of(3, Duration.ofSeconds(5));
    w = w.record(0).record(1 * S).record(2 * S);
    assertThat(w.exceeded()).isFalse();
    assertThat(w.count()).isEqualTo(3);
  }

  @Test
  void record_oneOverLimitInsidePeriod_exceeded() {
    RestartWindow w = RestartWindow.of(3, Duration.ofSeconds(5));
    w = w.record(0).record(1 * S).record(2 * S).record(3 * S);
    assertThat(w.exceeded()).isTrue();
  }

  @Test
  void record_oldestExactlyOnePeriodAgo_stillCounts() {
    RestartWindow w = RestartWindow.of(1, Duration.ofSeconds(5));
    assertThat(w.record(0).record(5 * S).exceeded()).isTrue();
  }

  @Test
  void record_oldestJustOutsidePeriod_isForgotten() {
    RestartWindow w = RestartWindow.of(1, Duration.ofSeconds(5));
    RestartWindow after = w.record(0).record(5 * S + 1);
    assertThat(after.exceeded()).isFalse();
    assertThat(after.count()).isEqualTo(1);
  }

  @Test
  void record_slidingEvenlySpaced_neverExceeds() {
    RestartWindow w = RestartWindow.of(2, Duration.ofSeconds(5));
    for (int i = 0; i < 100; i++) {
      w = w.record(i * 3 * S); // at most 2 restarts in any 5 s
      assertThat(w.exceeded()).as("restart %d", i).isFalse();
    }
  }

  @Test
  void record_burstAfterQuietSpell_exceedsOnlyInTheBurst() {
    RestartWindow w = RestartWindow.of(2, Duration.ofSeconds(5));
    w = w.record(0).record(1 * S);
    w = w.record(7 * S); // the first two left the window
    assertThat(w.exceeded()).isFalse();
    w = w.record(8 * S);
    assertThat(w.exceeded()).isFalse(); // 7 s and 8 s: two in the window
    assertThat(w.record(9 * S).exceeded()).isTrue();
  }

  @Test
  void record_intensityZero_firstRestartExceeds() {
    assertThat(RestartWindow.of(0, Duration.ofSeconds(5)).record(0).exceeded()).isTrue();
  }

  @Test
  void record_isPure_originalUnchanged() {
    RestartWindow w = RestartWindow.of(1, Duration.ofSeconds(5));
    RestartWindow once = w.record(0);
    RestartWindow twice = once.record(1);
    assertThat(w.count()).isZero();
    assertThat(once.exceeded()).isFalse();
    assertThat(twice.exceeded()).isTrue();
  }

  @Test
  void record_manyRestarts_keepsAtMostIntensityPlusOne() {
    RestartWindow w = RestartWindow.of(3, Duration.ofDays(1));
    for (int i = 0; i < 1000; i++) {
      w = w.record(i);
    }
    assertThat(w.count()).isEqualTo(4);
    assertThat(w.exceeded()).isTrue();
  }

  @Test
  void of_invalidArguments_throws() {
    assertThatThrownBy(() -> RestartWindow.of(-1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RestartWindow.of(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
