package io.switchboard.supervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartOrderTest {

  private static Map<String, List<String>> deps(Object... pairs) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> d = (List<String>) pairs[i + 1];
      m.put((String) pairs[i], d);
    }
    return m;
  }

  @Test
  void of_dependencies_startBeforeDependentsOtherwiseGivenOrder() {
    Map<String, List<String>> d = deps("web", List.of("db", "cache"), "db", List.of("log"),
        "cache", List.of(), "log", List.of(), "metrics", List.of());
    assertThat(StartOrder.of(d, List.of("web", "metrics")))
        .isEqualTo(new StartOrder.Ordered(List.of("log", "db", "cache", "web", "metrics")));
    assertThat(StartOrder.of(d, List.of("metrics", "db")))
        .isEqualTo(new StartOrder.Ordered(List.of("metrics", "log", "db")));
  }

  @Test
  void of_sharedDependency_startedOnce() {
    Map<String, List<String>> d = deps("a", List.of("base"), "b", List.of("base"),
        "base", List.of());
    assertThat(StartOrder.of(d, List.of("a", "b")))
        .isEqualTo(new StartOrder.Ordered(List.of("base", "a", "b")));
  }

  @Test
  void of_cycle_namesTheCycle() {
    Map<String, List<String>> d = deps("top", List.of("a"), "a", List.of("b"), "b", List.of("c"),
        "c", List.of("a"));
    StartOrder.Result r = StartOrder.of(d, List.of("top"));
    assertThat(r).isEqualTo(new StartOrder.Cycle(List.of("a", "b", "c", "a")));
    assertThat(((StartOrder.Cycle) r).message())
        .isEqualTo("application dependency cycle: a -> b -> c -> a");
  }

  @Test
  void of_missingDependency_namesWhoNeedsIt() {
    Map<String, List<String>> d = deps("web", List.of("db"));
    StartOrder.Result r = StartOrder.of(d, List.of("web"));
    assertThat(r).isEqualTo(new StartOrder.Missing("web", "db"));
    assertThat(((StartOrder.Missing) r).message()).contains("web depends on db");
  }
}
