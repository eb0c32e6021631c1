package io.switchboard.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Restart;
import io.switchboard.supervisor.Strategy;
import io.switchboard.supervisor.internal.RestartPlanner.Child;
import io.switchboard.supervisor.internal.RestartPlanner.Decision;
import io.switchboard.supervisor.internal.RestartPlanner.RestartChildren;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restart decision as a pure function (the real supervisor is tested in the matrix). */
class RestartPlannerTest {
  private static final ExitReason CRASH = ExitReason.crash(new IllegalStateException("x"));
  private static final RestartWindow ROOMY = RestartWindow.of(10, Duration.ofSeconds(5));

  private static List<Child> abcd(Restart c) {
    return List.of(new Child("a", Restart.PERMANENT, true), new Child("b", Restart.PERMANENT, true),
        new Child("c", c, true), new Child("d", Restart.PERMANENT, false));
  }

  @Test
  void onExit_oneForAll_stopsOthersRightToLeftDropsTemporaryStartsRestLeftToRight() {
    Decision d = RestartPlanner.onExit(Strategy.ONE_FOR_ALL, abcd(Restart.TEMPORARY), "b", CRASH,
        ROOMY, 0);
    assertThat(d.plan()).isEqualTo(new RestartChildren(List.of("c", "a"), List.of("c"),
        List.of("a", "b", "d")));
    assertThat(d.window().count()).isEqualTo(1);
  }

  @Test
  void onExit_restForOne_touchesOnlyTheChildAndLaterOnes() {
    Decision d = RestartPlanner.onExit(Strategy.REST_FOR_ONE, abcd(Restart.TRANSIENT), "b",
        CRASH, ROOMY, 0);
    assertThat(d.plan()).isEqualTo(new RestartChildren(List.of("c"), List.of(),
        List.of("b", "c", "d")));
  }

  @Test
  void onExit_transientNormal_keepsSpecAndLeavesWindowAlone() {
    List<Child> one = List.of(new Child("t", Restart.TRANSIENT, true));
    Decision d = RestartPlanner.onExit(Strategy.ONE_FOR_ONE, one, "t", ExitReason.shutdown("bye"),
        ROOMY, 0);
    assertThat(d.plan()).isInstanceOf(RestartPlanner.Keep.class);
    assertThat(d.window()).isSameAs(ROOMY);
  }

  @Test
  void onExit_simpleTransientNormal_forgetsChild() {
    List<Child> one = List.of(new Child("t", Restart.TRANSIENT, true));
    Decision d = RestartPlanner.onExit(Strategy.SIMPLE_ONE_FOR_ONE, one, "t", ExitReason.NORMAL,
        ROOMY, 0);
    assertThat(d.plan()).isInstanceOf(RestartPlanner.Remove.class);
  }

  @Test
  void onExit_overIntensity_givesUp() {
    RestartWindow full = RestartWindow.of(1, Duration.ofSeconds(5)).record(0);
    Decision d = RestartPlanner.onExit(Strategy.ONE_FOR_ONE,
        List.of(new Child("a", Restart.PERMANENT, true)), "a", ExitReason.NORMAL, full, 1);
    assertThat(d.plan()).isInstanceOf(RestartPlanner.GiveUp.class);
  }

  @Test
  void onRetry_temporaryIrrelevant_countsAnotherRestart() {
    RestartWindow w = RestartWindow.of(5, Duration.ofSeconds(5));
    Decision d = RestartPlanner.onRetry(Strategy.ONE_FOR_ONE,
        List.of(new Child("a", Restart.TRANSIENT, false)), "a", w, 0);
    assertThat(d.plan()).isEqualTo(new RestartChildren(List.of(), List.of(), List.of("a")));
    assertThat(d.window().count()).isEqualTo(1);
  }
}
