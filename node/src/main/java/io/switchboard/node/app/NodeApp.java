package io.switchboard.node.app;

import io.switchboard.proto.v1.TreeNode;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Template;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An application the node runs ({@code --app}), already started: its templates for on-demand
 * servers, its supervision trees, and its orderly stop. Thread-safe.
 */
public interface NodeApp {

  /** The application's name, as given to {@code --app}. */
  String name();

  /** The template that starts {@code name}, if any. Pure and quick. */
  Optional<Template> template(String name);

  /** Every server kind the templates start, for metrics registered at start-up. */
  List<String> kinds();

  /** The paths of the application's supervisors, for metrics registered at start-up. */
  List<String> supervisors();

  /**
   * The supervision trees, each supervisor listing at most {@code maxChildren} children. Never
   * blocks: the promise completes once every supervisor answered.
   */
  Promise<List<TreeNode>> tree(int maxChildren);

  /** Why the application cannot serve (its root supervisor gave up…), or empty. */
  default Optional<String> notReadyReason() {
    return Optional.empty();
  }

  /**
   * Stops the supervision trees, right to left (the last started first); each server runs its
   * {@code terminate}. Blocks up to {@code timeout}.
   */
  void stop(Duration timeout);
}
