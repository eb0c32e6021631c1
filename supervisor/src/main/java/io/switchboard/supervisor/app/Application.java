package io.switchboard.supervisor.app;

import io.switchboard.supervisor.SupervisorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An application (OTP's {@code application}): a named supervision tree built from a typed
 * configuration, with the applications it depends on. Immutable; {@link Applications} starts
 * applications after their dependencies and stops them in reverse.
 *
 * <pre>{@code
 * Application<DbConfig> db = Application.builder("db", new DbConfig(dir))
 *     .tree(cfg -> SupervisorSpec.oneForOne(ChildSpec.worker("db-writer", () -> new Writer(cfg))))
 *     .build();
 * Application<WebConfig> web = Application.builder("web", webConfig).dependsOn("db")
 *     .tree(cfg -> ...).build();
 * }</pre>
 *
 * <p>OTP's callback {@code start/2} is {@link Tree#build} (return the tree's spec; the runtime
 * starts its root supervisor under the application's name); {@code stop/1} is {@link Stop#run}
 * (after the tree stopped). The configuration is a value of the application's own type
 * (OTP: the untyped {@code env}); give another one with {@link #withConfig}.
 *
 * @param <C> the configuration type (a record, ideally)
 */
public final class Application<C> {

  /** Builds the application's tree from its configuration (OTP {@code start/2}). */
  @FunctionalInterface
  public interface Tree<C> {
    SupervisorSpec build(C config) throws Exception;
  }

  /** Runs after the application's tree stopped (OTP {@code stop/1}). */
  @FunctionalInterface
  public interface Stop<C> {
    void run(C config) throws Exception;
  }

  private final String name;
  private final C config;
  private final List<String> dependencies;
  private final Tree<C> tree;
  private final Stop<C> onStop;

  private Application(String name, C config, List<String> dependencies, Tree<C> tree,
      Stop<C> onStop) {
    this.name = name;
    this.config = config;
    this.dependencies = List.copyOf(dependencies);
    this.tree = tree;
    this.onStop = onStop;
  }

  /** An application called {@code name} (also its root supervisor's name) with {@code config}. */
  public static <C> Builder<C> builder(String name, C config) {
    return new Builder<>(name, config);
  }

  public String name() {
    return name;
  }

  public C config() {
    return config;
  }

  /** The applications that must run before this one, in the order given. */
  public List<String> dependencies() {
    return dependencies;
  }

  /** The same application with another configuration. */
  public Application<C> withConfig(C config) {
    return new Application<>(name, Objects.requireNonNull(config, "config"), dependencies, tree,
        onStop);
  }

  SupervisorSpec buildTree() throws Exception {
    return Objects.requireNonNull(tree.build(config), "the tree of " + name + " is null");
  }

  void stopped() throws Exception {
    onStop.run(config);
  }

  @Override
  public String toString() {
    return "Application[" + name + " deps=" + dependencies + "]";
  }

  /** Configures an {@link Application}. */
  public static final class Builder<C> {
    private final String name;
    private final C config;
    private final List<String> dependencies = new ArrayList<>();
    private Tree<C> tree;
    private Stop<C> onStop = c -> {};

    private Builder(String name, C config) {
      if (name == null || name.isEmpty() || name.contains("/") || name.length() > 256) {
        throw new IllegalArgumentException("an application name is 1..256 characters without "
            + "'/': " + name);
      }
      this.name = name;
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Applications that must be started first (OTP's {@code applications} key). */
    public Builder<C> dependsOn(String... applications) {
      for (String a : applications) {
        if (a.equals(name)) {
          throw new IllegalArgumentException("application " + name + " cannot depend on itself");
        }
        if (!dependencies.contains(a)) {
          dependencies.add(a);
        }
      }
      return this;
    }

    /** The tree, built from the configuration at every start. Required. */
    public Builder<C> tree(Tree<C> tree) {
      this.tree = Objects.requireNonNull(tree, "tree");
      return this;
    }

    /** Runs after the tree stopped (default: nothing). */
    public Builder<C> onStop(Stop<C> onStop) {
      this.onStop = Objects.requireNonNull(onStop, "onStop");
      return this;
    }

    public Application<C> build() {
      if (tree == null) {
        throw new IllegalStateException("application " + name + " needs a tree(...)");
      }
      return new Application<>(name, config, dependencies, tree, onStop);
    }
  }
}
