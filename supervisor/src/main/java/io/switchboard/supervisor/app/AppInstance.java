package io.switchboard.supervisor.app;

import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.Template;
import io.switchboard.supervisor.TreeSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A started application, as an {@link AppProvider} hands it to its node: the templates that
 * start its named servers on demand, its supervision trees, and its orderly stop. Most providers
 * build one with {@link #builder}; implement it directly only for something unusual.
 * Implementations are thread-safe.
 */
public interface AppInstance {

  /** The application's name (its provider's {@link AppProvider#name()}). */
  String name();

  /**
   * The templates that start the application's servers on demand, in the order they are asked
   * (the first that {@link Template#matches} a name starts it). Their {@link Template#kind()}s
   * are unique within the node. Fixed once started.
   */
  List<Template> templates();

  /** The template that starts {@code name}, if any. Pure and quick. */
  default Optional<Template> template(String name) {
    for (Template t : templates()) {
      if (t.matches(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The paths of the application's supervisors ({@code root}, {@code root/child}…), registered
   * in the node's metrics at start-up. Others appear as they restart.
   */
  List<String> supervisors();

  /** A snapshot of each supervision tree, roots in start order. Never blocks. */
  Promise<List<TreeSnapshot>> tree();

  /** Why the application cannot serve (a root supervisor is not running…), or empty. */
  Optional<String> notReadyReason();

  /**
   * Stops the application, its trees right to left (the last started first), each server
   * running its {@code terminate}. Blocks up to {@code timeout}.
   */
  void stop(Duration timeout);

  /** An instance made of started root supervisors and templates. */
  static Builder builder(String name) {
    return new Builder(name);
  }

  /** Collects an {@link AppInstance}'s parts. Not thread-safe. */
  final class Builder {
    final String name;
    final java.util.ArrayList<Supervisor> roots = new java.util.ArrayList<>();
    final java.util.ArrayList<Template> templates = new java.util.ArrayList<>();
    final java.util.ArrayList<Runnable> onStop = new java.util.ArrayList<>();

    private Builder(String name) {
      this.name = java.util.Objects.requireNonNull(name, "name");
    }

    /** Adds a started root supervisor; roots stop in reverse order of adding. */
    public Builder root(Supervisor root) {
      roots.add(java.util.Objects.requireNonNull(root, "root"));
      return this;
    }

    /** Adds a template; templates are asked in order of adding. */
    public Builder template(Template template) {
      templates.add(java.util.Objects.requireNonNull(template, "template"));
      return this;
    }

    /**
     * Runs {@code action} when the application stops, after every root stopped (OTP's
     * {@code stop/1}); actions run in reverse order of adding.
     */
    public Builder onStop(Runnable action) {
      onStop.add(java.util.Objects.requireNonNull(action, "action"));
      return this;
    }

    /**
     * The instance.
     *
     * @throws IllegalArgumentException without a root, or with two templates of one kind
     */
    public AppInstance build() {
      return new SupervisedApp(this);
    }
  }
}
