package io.switchboard.supervisor.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The order to start applications in: every dependency before its dependents, otherwise the
 * order they were given (a depth-first walk, so the order is deterministic). Pure.
 */
public final class StartOrder {
  private StartOrder() {}

  /** The outcome of ordering. */
  public sealed interface Result {}

  /** Start in this order (stop in the reverse). */
  public record Ordered(List<String> order) implements Result {}

  /** A dependency cycle, e.g. {@code [a, b, c, a]}. */
  public record Cycle(List<String> path) implements Result {
    public String message() {
      return "application dependency cycle: " + String.join(" -> ", path);
    }
  }

  /** {@code application} depends on {@code missing}, which is not known. */
  public record Missing(String application, String missing) implements Result {
    public String message() {
      return application.equals(missing)
          ? "application " + missing + " is not loaded"
          : "application " + application + " depends on " + missing + ", which is not loaded";
    }
  }

  /**
   * Orders {@code wanted} and everything they depend on.
   *
   * @param dependencies each known application's dependencies, in registration order
   * @param wanted the applications to start, in the order asked
   */
  public static Result of(Map<String, List<String>> dependencies, List<String> wanted) {
    Map<String, Integer> mark = new HashMap<>(); // 1 = on the current path, 2 = done
    LinkedHashMap<String, Boolean> order = new LinkedHashMap<>();
    for (String app : wanted) {
      Result r = visit(app, null, dependencies, mark, new ArrayList<>(), order);
      if (r != null) {
        return r;
      }
    }
    return new Ordered(List.copyOf(order.keySet()));
  }

  private static @Nullable Result visit(String app, @Nullable String dependent, Map<String, List<String>> deps,
      Map<String, Integer> mark, List<String> path, LinkedHashMap<String, Boolean> order) {
    Integer m = mark.get(app);
    if (m != null && m == 2) {
      return null;
    }
    path.add(app);
    if (m != null) {
      return new Cycle(List.copyOf(path.subList(path.indexOf(app), path.size())));
    }
    List<String> mine = deps.get(app);
    if (mine == null) {
      return new Missing(dependent == null ? app : dependent, app);
    }
    mark.put(app, 1);
    for (String d : mine) {
      Result r = visit(d, app, deps, mark, path, order);
      if (r != null) {
        return r;
      }
    }
    mark.put(app, 2);
    path.remove(path.size() - 1);
    order.put(app, Boolean.TRUE);
    return null;
  }
}
