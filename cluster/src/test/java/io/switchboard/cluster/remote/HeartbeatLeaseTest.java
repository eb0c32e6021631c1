package io.switchboard.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The supervising side's lease bookkeeping, driven by a manual clock (defaults: 500 ms × 3). */
class HeartbeatLeaseTest {
  private static final Duration BEAT = Duration.ofMillis(500);
  private final ManualClock clock = new ManualClock();
  private final HeartbeatLease lease = new HeartbeatLease(RemoteConfig.DEFAULTS, clock.nanoTime());

  private long pingNow() {
    assertThat(lease.pingDue(clock.nanoTime())).as("ping due").isTrue();
    return lease.ping(clock.nanoTime());
  }

  @Test
  void defaults_leaseIsThreeBeats_noConnectionOneBeatLater() {
    assertThat(RemoteConfig.DEFAULTS.lease()).isEqualTo(Duration.ofMillis(1500));
    assertThat(RemoteConfig.DEFAULTS.noConnectionAfter()).isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  void pingDue_atOpenThenOncePerInterval() {
    assertThat(pingNow()).isEqualTo(1);
    assertThat(lease.pingDue(clock.nanoTime())).isFalse();
    clock.advance(BEAT.minusMillis(1));
    assertThat(lease.pingDue(clock.nanoTime())).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(pingNow()).isEqualTo(2);
  }

  @Test
  void ping_afterStall_noBurstOfCatchUpPings() {
    pingNow();
    clock.advance(Duration.ofSeconds(5));
    pingNow();
    assertThat(lease.pingDue(clock.nanoTime())).isFalse();
    clock.advance(BEAT.dividedBy(2));
    assertThat(lease.pingDue(clock.nanoTime())).isTrue();
  }

  @Test
  void expired_noPongPastLeasePlusInterval_expires() {
    pingNow();
    clock.advance(Duration.ofMillis(2000));
    assertThat(lease.expired(clock.nanoTime())).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(lease.expired(clock.nanoTime())).isTrue();
    assertThat(lease.missedBeats(clock.nanoTime())).isEqualTo(4);
  }

  @Test
  void onPong_confirmsFromThePingsSendTime_notFromArrival() {
    long first = pingNow();
    clock.advance(Duration.ofMillis(1900));
    assertThat(lease.onPong(first)).isTrue(); // arrives late: confirms only up to t=0
    clock.advance(Duration.ofMillis(101));
    assertThat(lease.expired(clock.nanoTime())).isTrue();
  }

  @Test
  void onPong_ofRecentPing_keepsLinkAlive() {
    pingNow();
    for (int i = 0; i < 10; i++) {
      clock.advance(BEAT);
      long seq = pingNow();
      assertThat(lease.onPong(seq)).isTrue();
      assertThat(lease.expired(clock.nanoTime())).isFalse();
    }
    assertThat(lease.expiresAt()).isEqualTo(clock.nanoTime() + Duration.ofSeconds(2).toNanos());
  }

  @Test
  void onPong_unknownZeroOrTooOldSeq_confirmsNothing() {
    long old = pingNow();
    for (int i = 0; i < 6; i++) { // more pings than the window remembers
      clock.advance(BEAT);
      pingNow();
    }
    long before = lease.confirmedAt();
    assertThat(lease.onPong(old)).isFalse();
    assertThat(lease.onPong(0)).isFalse();
    assertThat(lease.onPong(lease.nextSeq())).isFalse();
    assertThat(lease.confirmedAt()).isEqualTo(before);
  }

  @Test
  void onContact_startAnswered_countsFromItsSendTime() {
    clock.advance(Duration.ofSeconds(10));
    long sent = clock.nanoTime();
    clock.advance(Duration.ofMillis(300));
    lease.onContact(sent);
    clock.advance(Duration.ofMillis(1700));
    assertThat(lease.expired(clock.nanoTime())).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(lease.expired(clock.nanoTime())).isTrue();
  }

  @Test
  void stopPinging_peerLeftView_noMorePings_expiryUnchanged() {
    long seq = pingNow();
    lease.onPong(seq);
    long expiresAt = lease.expiresAt();
    lease.stopPinging();
    clock.advance(BEAT);
    assertThat(lease.pingDue(clock.nanoTime())).isFalse();
    assertThat(lease.isPinging()).isFalse();
    assertThat(lease.expiresAt()).isEqualTo(expiresAt);
  }
}
