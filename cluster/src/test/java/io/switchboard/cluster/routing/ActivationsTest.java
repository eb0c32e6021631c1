package io.switchboard.cluster.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivationsTest {

  @Test
  void park_overTheBound_dropsTheOldestAndCountsIt() {
    Activations a = new Activations(2);
    a.park("x", new byte[] {1}, "counter");
    a.park("y", new byte[] {2}, "counter");
    a.park("z", new byte[] {3}, "counter");
    assertThat(a.parkedDropped()).isEqualTo(1);
    assertThat(a.takeParked("x")).isNull();
    assertThat(a.takeParked("y").state()).containsExactly(2);
    assertThat(a.takeParked("z").state()).containsExactly(3);
  }

  @Test
  void park_nullState_forgetsAnOlderParkedState() {
    Activations a = new Activations();
    a.park("x", new byte[] {1}, "counter");
    a.park("x", null, "counter");
    assertThat(a.takeParked("x")).isNull();
  }

  @Test
  void mayServe_belowTheFence_refused_atOrAbove_allowedAndCleared() {
    Activations a = new Activations();
    a.fence("x", 7);
    assertThat(a.mayServe("x", 6)).isFalse();
    assertThat(a.mayServe("x", 7)).isTrue();
    assertThat(a.mayServe("x", 1)).as("the fence was passed and cleared").isTrue();
  }

  @Test
  void markActive_thenDeactivate_tracksActiveNames() {
    Activations a = new Activations();
    a.markActive("x", 3);
    assertThat(a.isActive("x")).isTrue();
    assertThat(a.activeNames()).containsExactly("x");
    assertThat(a.deactivate("x")).isTrue();
    assertThat(a.deactivate("x")).isFalse();
    assertThat(a.activeCount()).isZero();
  }
}
