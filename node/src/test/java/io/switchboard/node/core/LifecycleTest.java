package io.switchboard.node.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LifecycleTest {

  @Test
  void tryEnter_onlyWhenReady() {
    Lifecycle l = new Lifecycle();
    assertThat(l.tryEnter()).isFalse();
    l.ready();
    assertThat(l.tryEnter()).isTrue();
    assertThat(l.inFlight()).isEqualTo(1);
    l.drain("shutting down");
    assertThat(l.tryEnter()).isFalse();
    assertThat(l.reason()).isEqualTo("shutting down");
    assertThat(l.inFlight()).isEqualTo(1);
  }

  @Test
  void awaitIdle_pendingCallFinishes_returnsTrue() throws Exception {
    Lifecycle l = new Lifecycle();
    l.ready();
    l.tryEnter();
    l.drain("stop");
    AtomicBoolean idle = new AtomicBoolean();
    Thread waiter = new Thread(() -> {
      try {
        idle.set(l.awaitIdle(Duration.ofSeconds(5)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    waiter.start();
    l.exit();
    waiter.join();
    assertThat(idle).isTrue();
  }

  @Test
  void awaitIdle_callNeverFinishes_falseAfterTheBound() throws Exception {
    Lifecycle l = new Lifecycle();
    l.ready();
    l.tryEnter();
    l.drain("stop");
    long start = System.nanoTime();
    assertThat(l.awaitIdle(Duration.ofMillis(100))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        Duration.ofMillis(100));
  }

  @Test
  void ready_afterDrain_staysDraining() {
    Lifecycle l = new Lifecycle();
    l.drain("stop");
    l.ready();
    assertThat(l.phase()).isEqualTo(Lifecycle.Phase.DRAINING);
    assertThat(l.drain("again")).isFalse();
  }
}
