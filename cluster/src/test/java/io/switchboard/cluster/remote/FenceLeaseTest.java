package io.switchboard.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The hosting side's fence bookkeeping, driven by a manual clock. */
class FenceLeaseTest {
  private static final long LEASE = Duration.ofMillis(1500).toNanos();
  private final ManualClock clock = new ManualClock();

  @Test
  void expired_noPingWithinLease_fences() {
    FenceLease fence = new FenceLease(clock.nanoTime(), LEASE);
    clock.advance(Duration.ofMillis(1500));
    assertThat(fence.expired(clock.nanoTime())).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(fence.expired(clock.nanoTime())).isTrue();
  }

  @Test
  void onPing_extendsFromArrival() {
    FenceLease fence = new FenceLease(clock.nanoTime(), LEASE);
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofMillis(500));
      fence.onPing(clock.nanoTime(), LEASE);
    }
    clock.advance(Duration.ofMillis(1500));
    assertThat(fence.expired(clock.nanoTime())).isFalse();
    assertThat(fence.expiresAt()).isEqualTo(clock.nanoTime());
  }

  @Test
  void onPing_newLeaseFromSupervisor_applies_zeroKeepsIt() {
    FenceLease fence = new FenceLease(clock.nanoTime(), LEASE);
    fence.onPing(clock.nanoTime(), Duration.ofMillis(300).toNanos());
    clock.advance(Duration.ofMillis(301));
    assertThat(fence.expired(clock.nanoTime())).isTrue();
    fence.onPing(clock.nanoTime(), 0);
    clock.advance(Duration.ofMillis(300));
    assertThat(fence.expired(clock.nanoTime())).isFalse();
  }

  @Test
  void new_nonPositiveLease_refused() {
    assertThatThrownBy(() -> new FenceLease(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
