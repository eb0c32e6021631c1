package io.switchboard.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RingClaimTest {
  private final RingBuffer<Object[]> ring = RingBuffer.createMultiProducer(() -> new Object[1], 8);
  private final Sequence consumer = new Sequence(-1);
  private final LongAdder overloads = new LongAdder();

  RingClaimTest() {
    ring.addGatingSequences(consumer);
  }

  private long claimAndPublish(RingClaim c) {
    long seq = c.claim(null, 0);
    if (seq >= 0) {
      ring.publish(seq);
    }
    return seq;
  }

  @Test
  void softLimit_fullAtTheLimit_fullAndCounted() {
    RingClaim c = RingClaim.softLimit(ring, 3, consumer, overloads);
    assertThat(claimAndPublish(c)).isEqualTo(0);
    assertThat(claimAndPublish(c)).isEqualTo(1);
    assertThat(claimAndPublish(c)).isEqualTo(2);
    assertThat(claimAndPublish(c)).isEqualTo(RingClaim.FULL);
    assertThat(overloads.sum()).isEqualTo(1);
    consumer.set(0);
    assertThat(claimAndPublish(c)).isEqualTo(3);
  }

  @Test
  void gated_fullRing_full() {
    RingClaim c = RingClaim.gated(ring, overloads);
    for (int i = 0; i < 8; i++) {
      assertThat(claimAndPublish(c)).isEqualTo(i);
    }
    assertThat(claimAndPublish(c)).isEqualTo(RingClaim.FULL);
  }

  @Test
  void stop_laterClaimsStopped_notCountedAsOverload() {
    RingClaim c = RingClaim.gated(ring, overloads);
    c.stop();
    assertThat(c.isStopped()).isTrue();
    assertThat(c.claim(null, 0)).isEqualTo(RingClaim.STOPPED);
    assertThat(overloads.sum()).isZero();
  }

  @Test
  void claim_fullWithDeadline_waitsUntilTheDeadlineThenFull() {
    ManualClock clock = new ManualClock();
    RingClaim c = RingClaim.softLimit(ring, 1, consumer, overloads);
    claimAndPublish(c);
    Thread advancer = new Thread(() -> {
      sleep(50);
      clock.advance(Duration.ofSeconds(1));
    });
    advancer.start();
    long before = System.nanoTime();
    assertThat(c.claim(clock, clock.nanoTime() + Duration.ofSeconds(1).toNanos()))
        .isEqualTo(RingClaim.FULL);
    assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(40_000_000L);
  }

  @Test
  void claim_fullWithDeadline_succeedsWhenTheConsumerCatchesUp() throws Exception {
    ManualClock clock = new ManualClock();
    RingClaim c = RingClaim.softLimit(ring, 1, consumer, overloads);
    claimAndPublish(c);
    Thread consumerThread = new Thread(() -> {
      sleep(20);
      consumer.set(0);
    });
    consumerThread.start();
    assertThat(c.claim(clock, clock.nanoTime() + 1_000)).isEqualTo(1);
    consumerThread.join();
  }

  @Test
  void neverWaitOn_ownThread_failsAtOnceDespiteDeadline() {
    ManualClock clock = new ManualClock();
    RingClaim c = RingClaim.softLimit(ring, 1, consumer, overloads);
    c.neverWaitOn(Thread.currentThread());
    claimAndPublish(c);
    assertThat(c.claim(clock, Long.MAX_VALUE)).isEqualTo(RingClaim.FULL);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
