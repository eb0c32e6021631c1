package io.switchboard.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopTimersTest {

  @Test
  void reserve_atCapacity_refusedUntilOneIsReleased() {
    LoopTimers timers = new LoopTimers(2);
    assertThat(timers.reserve()).isTrue();
    assertThat(timers.reserve()).isTrue();
    assertThat(timers.reserve()).isFalse();
    timers.release();
    assertThat(timers.reserve()).isTrue();
  }

  @Test
  void pollDue_equalDeadlines_fifoAndOnlyWhenDue() {
    LoopTimers timers = new LoopTimers(10);
    LoopTimer late = timer(timers, 200, "late");
    LoopTimer a = timer(timers, 100, "a");
    LoopTimer b = timer(timers, 100, "b");
    assertThat(timers.nextDue()).isEqualTo(100);
    assertThat(timers.pollDue(99)).isNull();
    assertThat(timers.pollDue(100)).isSameAs(a);
    assertThat(timers.pollDue(100)).isSameAs(b);
    assertThat(timers.pollDue(150)).isNull();
    assertThat(timers.pollDue(250)).isSameAs(late);
    assertThat(timers.nextDue()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void cancelled_neverPolledAndItsRoomReleased() {
    LoopTimers timers = new LoopTimers(2);
    LoopTimer first = timer(timers, 100, "first");
    LoopTimer second = timer(timers, 300, "second");
    assertThat(timers.reserve()).isFalse();
    first.cancel();
    assertThat(timers.nextDue()).isEqualTo(300); // drops the cancelled head
    assertThat(timers.reserve()).isTrue();
    timers.release();
    second.cancel();
    assertThat(timers.pollDue(1_000)).isNull();
    assertThat(timers.reserve()).isTrue();
    assertThat(timers.reserve()).isTrue();
  }

  private static LoopTimer timer(LoopTimers timers, long due, Object input) {
    assertThat(timers.reserve()).isTrue();
    LoopTimer t = new LoopTimer(due, "s", input, null);
    timers.add(t);
    return t;
  }
}
