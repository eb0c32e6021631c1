package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Restart;
import io.switchboard.supervisor.Strategy;
import java.util.ArrayList;
import java.util.List;

/**
 * OTP's restart rules as a pure function: strategy × restart type × exit reason × intensity
 * window → what to stop, drop and start, or give up. No threads, no clock: the engine passes
 * {@code now} and applies the plan.
 *
 * <p>Rules (OTP {@code supervisor.erl}, {@code do_restart} and {@code restart/3}):
 *
 * <ul>
 *   <li>A child that is not restarted ({@link Restart#restartsAfter}) stays down: a temporary
 *       child, and every dynamic child of {@code simple_one_for_one}, is forgotten; others keep
 *       their spec. The window is not touched.
 *   <li>Otherwise one restart is recorded at {@code now}; past the intensity the supervisor gives
 *       up. Else: {@code one_for_one}/{@code simple_one_for_one} restart the child alone;
 *       {@code one_for_all} stops every other running child right to left, drops the temporary
 *       ones, and starts all remaining children left to right (also those that were not running);
 *       {@code rest_for_one} does the same for the child and those after it.
 *   <li>A failed restart is retried through {@link #onRetry}: it counts as another restart (OTP's
 *       {@code try_again_restart}).
 * </ul>
 */
final class RestartPlanner {
  private RestartPlanner() {}

  /**
   * A child as the planner sees it.
   *
   * @param alive it has something to stop (running, starting, backing off, or held after exit)
   */
  public record Child(String id, Restart restart, boolean alive) {}

  /** What to do. */
  public sealed interface Plan permits Keep, Remove, RestartChildren, GiveUp {}

  /** The child stays down; its spec is kept. */
  public record Keep() implements Plan {}

  /** The child stays down and is forgotten. */
  public record Remove() implements Plan {}

  /**
   * Stop {@code stop} in that order (right to left), forget {@code drop}, then start
   * {@code start} in that order (left to right).
   */
  public record RestartChildren(List<String> stop, List<String> drop, List<String> start)
      implements Plan {}

  /** Too many restarts: stop every child right to left and exit with {@code shutdown}. */
  public record GiveUp() implements Plan {}

  /** A plan and the window after it. */
  public record Decision(Plan plan, RestartWindow window) {}

  /**
   * Decides after child {@code failed} exited with {@code reason}.
   *
   * @param children in start order; for one_for_one and simple_one_for_one only the failed child
   *     matters, so the engine may pass just that one
   */
  public static Decision onExit(Strategy strategy, List<Child> children, String failed,
      ExitReason reason, RestartWindow window, long now) {
    Child f = children.get(indexOf(children, failed));
    if (!f.restart().restartsAfter(reason)) {
      boolean forget = f.restart() == Restart.TEMPORARY || strategy == Strategy.SIMPLE_ONE_FOR_ONE;
      return new Decision(forget ? new Remove() : new Keep(), window);
    }
    return onRetry(strategy, children, failed, window, now);
  }

  /** Decides a restart of {@code failed} whatever its type (a retry after a failed restart). */
  public static Decision onRetry(
      Strategy strategy, List<Child> children, String failed, RestartWindow window, long now) {
    RestartWindow next = window.record(now);
    if (next.exceeded()) {
      return new Decision(new GiveUp(), next);
    }
    int k = indexOf(children, failed);
    return new Decision(switch (strategy) {
      case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE -> new RestartChildren(List.of(), List.of(),
          List.of(failed));
      case ONE_FOR_ALL -> group(children, k, 0);
      case REST_FOR_ONE -> group(children, k, k);
    }, next);
  }

  /** Restart children[from..] around failed child k. */
  private static Plan group(List<Child> children, int k, int from) {
    List<String> stop = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    List<String> start = new ArrayList<>();
    for (int i = children.size() - 1; i >= from; i--) {
      Child c = children.get(i);
      if (i != k && c.alive()) {
        stop.add(c.id());
      }
    }
    for (int i = from; i < children.size(); i++) {
      Child c = children.get(i);
      if (i != k && c.restart() == Restart.TEMPORARY) {
        drop.add(c.id());
      } else {
        start.add(c.id());
      }
    }
    return new RestartChildren(List.copyOf(stop), List.copyOf(drop), List.copyOf(start));
  }

  private static int indexOf(List<Child> children, String id) {
    for (int i = 0; i < children.size(); i++) {
      if (children.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no child '" + id + "' among " + children);
  }
}
