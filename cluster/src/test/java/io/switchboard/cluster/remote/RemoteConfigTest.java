package io.switchboard.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemoteConfigTest {

  @Test
  void defaults_asDocumented() {
    RemoteConfig d = RemoteConfig.DEFAULTS;
    assertThat(d.interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(d.missedBeats()).isEqualTo(3);
    assertThat(d.lease()).isEqualTo(Duration.ofMillis(1500));
    assertThat(d.noConnectionAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.startTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.stopTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void noConnectionAfter_isAlwaysLaterThanTheFence() {
    for (int beats = 2; beats < 10; beats++) {
      RemoteConfig c = RemoteConfig.DEFAULTS.withInterval(Duration.ofMillis(37 * beats))
          .withMissedBeats(beats);
      assertThat(c.noConnectionAfter()).isGreaterThan(c.lease());
    }
  }

  @Test
  void new_oneMissedBeatOrZeroBound_refused() {
    assertThatThrownBy(() -> RemoteConfig.DEFAULTS.withMissedBeats(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missedBeats");
    assertThatThrownBy(() -> RemoteConfig.DEFAULTS.withBounds(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RemoteConfig.DEFAULTS.withInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void new_leaseOverTheBoundHostingNodesGrant_refused() {
    assertThat(RemoteConfig.MAX_LEASE).isEqualTo(Duration.ofSeconds(60));
    assertThat(RemoteConfig.DEFAULTS.withInterval(Duration.ofSeconds(20)).lease())
        .isEqualTo(RemoteConfig.MAX_LEASE);
    assertThatThrownBy(() -> RemoteConfig.DEFAULTS.withInterval(Duration.ofMillis(20_001)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAX_LEASE");
  }
}
