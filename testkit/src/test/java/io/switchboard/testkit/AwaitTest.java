package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AwaitTest {
  private static final Duration SHORT = Duration.ofMillis(200);

  @Test
  void until_conditionHoldsAtOnce_asksOnce() {
    AtomicInteger asks = new AtomicInteger();
    Await.until("at once", SHORT, () -> asks.incrementAndGet() > 0);
    assertThat(asks).hasValue(1);
  }

  @Test
  void until_conditionHoldsLater_returnsTheAcceptedAnswer() {
    AtomicInteger asks = new AtomicInteger();
    int answer = Await.atMost(Duration.ofSeconds(5)).pollEvery(Duration.ofMillis(1))
        .until("the third ask", asks::incrementAndGet, n -> n >= 3);
    assertThat(answer).isEqualTo(3);
  }

  @Test
  void until_neverHolds_failsAfterTheTimeoutWithWhatAndLastAnswerAndContext() {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> Await.atMost(SHORT).onTimeout(() -> "the logs")
        .until("forty-two", () -> 41, n -> n == 42))
        .isInstanceOf(AwaitFailed.class)
        .hasMessageContaining("timed out after 200 ms waiting for forty-two")
        .hasMessageContaining("last answer: 41")
        .hasMessageEndingWith("\nthe logs");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(SHORT);
  }

  @Test
  void until_booleanCondition_messageLeavesOutTheLastFalse() {
    assertThatThrownBy(() -> Await.until("never", SHORT, () -> false))
        .isInstanceOf(AwaitFailed.class).hasMessage("timed out after 200 ms waiting for never");
  }

  @Test
  void until_conditionThrows_endsAtOnceWithThatException() {
    IllegalStateException gone = new IllegalStateException("node exited");
    assertThatThrownBy(() -> Await.until("a node that exited", Duration.ofSeconds(5), () -> {
      throw gone;
    })).isSameAs(gone);
  }

  @Test
  void until_interrupted_failsAndKeepsTheInterruptFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Await.until("never", Duration.ofSeconds(5), () -> false))
          .isInstanceOf(AwaitFailed.class).hasMessageStartingWith("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void atMost_zeroOrNegative_isRejected() {
    assertThatThrownBy(() -> Await.atMost(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Await.atMost(SHORT).pollEvery(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
