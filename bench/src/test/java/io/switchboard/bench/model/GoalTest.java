package io.switchboard.bench.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.model.Goal.Direction;
import org.junit.jupiter.api.Test;

class GoalTest {

  private static Goal goal(Direction d, double target) {
    return new Goal("x", "suite", "label", d, target, "µs", "—", "—");
  }

  @Test
  void isMetBy_atMost_acceptsTheTargetAndBelow() {
    assertThat(goal(Direction.AT_MOST, 2).isMetBy(2)).isTrue();
    assertThat(goal(Direction.AT_MOST, 2).isMetBy(2.01)).isFalse();
  }

  @Test
  void isMetBy_atLeast_acceptsTheTargetAndAbove() {
    assertThat(goal(Direction.AT_LEAST, 11).isMetBy(11)).isTrue();
    assertThat(goal(Direction.AT_LEAST, 11).isMetBy(10.9)).isFalse();
  }

  @Test
  void isMetBy_below_rejectsTheTargetItself() {
    assertThat(goal(Direction.BELOW, 1).isMetBy(0.99)).isTrue();
    assertThat(goal(Direction.BELOW, 1).isMetBy(1)).isFalse();
  }

  @Test
  void isMetBy_within_acceptsBothBoundsAndBetween() {
    Goal g = Goal.within("x", "suite", "label", 0.8, 1.2, "×", "—", "—");

    assertThat(g.isMetBy(0.8)).isTrue();
    assertThat(g.isMetBy(1.2)).isTrue();
    assertThat(g.isMetBy(0.79)).isFalse();
    assertThat(g.isMetBy(1.21)).isFalse();
    assertThat(g.text()).isEqualTo("0.8–1.2 ×");
  }

  @Test
  void text_showsSymbolTargetAndUnit() {
    assertThat(goal(Direction.AT_MOST, 0.9).text()).isEqualTo("≤ 0.9 µs");
  }
}
