package io.switchboard.supervisor.app;

import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorListener;
import io.switchboard.supervisor.SupervisorSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What an application gets from the node that runs it. Immutable and thread-safe.
 *
 * <p>{@link #config} holds the application's settings: every environment variable
 * {@code SWITCHBOARD_APP_<KEY>} of the node's process, keyed by {@code <key>} in lower case with
 * {@code _} turned into {@code -} ({@code SWITCHBOARD_APP_COUNTER_DURABILITY=none} is
 * {@code counter-durability → none}), except the node's own {@code SWITCHBOARD_APP_PATH} and
 * {@code SWITCHBOARD_APP_CONFIG}; on top of the settings of the node's {@code --app-config} file.
 */
public final class AppContext {
  /** The prefix of the environment variables that become {@link #config}. */
  public static final String ENV_PREFIX = "SWITCHBOARD_APP_";

  /** The node's own {@code --app-path} and {@code --app-config} variables: not settings. */
  private static final java.util.Set<String> NODE_VARIABLES =
      java.util.Set.of("SWITCHBOARD_APP_PATH", "SWITCHBOARD_APP_CONFIG");

  private final EventLoopGroup loops;
  private final Path dataDir;
  private final String node;
  private final SupervisorListener listener;
  private final Map<String, String> config;
  private final BiConsumer<String, String> onRootGaveUp;
  private final @Nullable RemoteChildren remote;
  private final @Nullable Router router;

  /** A context without remote supervision (a standalone node); see the full constructor. */
  public AppContext(EventLoopGroup loops, Path dataDir, String node, SupervisorListener listener,
      Map<String, String> config, BiConsumer<String, String> onRootGaveUp) {
    this(loops, dataDir, node, listener, config, onRootGaveUp, null);
  }

  /**
   * @param loops the node's event loops, where the application's servers live
   * @param dataDir the node's {@code --data-dir}; an application keeps its files under
   *     {@code dataDir/<its name>}
   * @param node this node's logical name ({@code --name})
   * @param listener observes every supervision tree (the node's restart metrics and logs)
   * @param config the application's settings (see the class comment)
   * @param onRootGaveUp told {@code (root supervisor, reason)} when a root built with
   *     {@link #startRoot} or {@link #rootSettings} gives up (the node then stops)
   * @param remote children on other nodes of the cluster, {@code null} on a standalone node
   */
  public AppContext(EventLoopGroup loops, Path dataDir, String node, SupervisorListener listener,
      Map<String, String> config, BiConsumer<String, String> onRootGaveUp,
      @Nullable RemoteChildren remote) {
    this(loops, dataDir, node, listener, config, onRootGaveUp, remote, null);
  }

  private AppContext(EventLoopGroup loops, Path dataDir, String node, SupervisorListener listener,
      Map<String, String> config, BiConsumer<String, String> onRootGaveUp,
      @Nullable RemoteChildren remote, @Nullable Router router) {
    this.router = router;
    this.loops = Objects.requireNonNull(loops, "loops");
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.node = Objects.requireNonNull(node, "node");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.config = Map.copyOf(config);
    this.onRootGaveUp = Objects.requireNonNull(onRootGaveUp, "onRootGaveUp");
    this.remote = remote;
  }

  /** A context with no settings whose give-up is only logged by the supervisor (tests). */
  public static AppContext of(EventLoopGroup loops, Path dataDir, String node) {
    return new AppContext(loops, dataDir, node, SupervisorListener.NONE, Map.of(),
        (root, reason) -> { });
  }

  /** The settings found in {@code env} (see the class comment). Pure. */
  public static Map<String, String> configFrom(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length()
          && !NODE_VARIABLES.contains(k)) {
        out.put(k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-'), v);
      }
    });
    return out;
  }

  /**
   * The settings of a {@code --app-config} file (Java properties, keys as written) with the
   * environment's (see the class comment) on top: a variable wins over the file. Pure.
   */
  public static Map<String, String> configFrom(Map<String, String> env,
      java.util.Properties file) {
    Map<String, String> out = new TreeMap<>();
    for (String key : file.stringPropertyNames()) {
      out.put(key.trim(), file.getProperty(key).trim());
    }
    out.putAll(configFrom(env));
    return out;
  }

  public EventLoopGroup loops() {
    return loops;
  }

  public Path dataDir() {
    return dataDir;
  }

  public String node() {
    return node;
  }

  public SupervisorListener listener() {
    return listener;
  }

  /**
   * Remote supervision: child specs whose child runs on another node (see
   * {@link RemoteChildren} for the semantics: heartbeats, lease, {@code noconnection},
   * self-fencing). Empty on a standalone node.
   */
  public Optional<RemoteChildren> remote() {
    return Optional.ofNullable(remote);
  }

  /**
   * This context with the node's {@link Router}: {@link #router()} then delivers to any server
   * by name, on this node or (on a cluster node) wherever the name is served.
   */
  public AppContext withRouter(Router router) {
    return new AppContext(loops, dataDir, node, listener, config, onRootGaveUp, remote,
        Objects.requireNonNull(router, "router"));
  }

  /**
   * The node's router, to call or cast any server by name from an application's servers (OTP
   * {@code gen_server:cast({Name, Node}, Msg)}; see {@code OrderedCasts} for Erlang's ordering
   * per destination). Calls made before the node is up fail with {@code Unavailable}. Empty when
   * the application runs without a node (tests).
   */
  public Optional<Router> router() {
    return Optional.ofNullable(router);
  }

  /** Every setting, keyed as in the class comment. */
  public Map<String, String> config() {
    return config;
  }

  /** The setting {@code key}, if given. */
  public Optional<String> config(String key) {
    return Optional.ofNullable(config.get(key));
  }

  /**
   * The node's settings for a root supervisor: its listener, and the give-up hook that stops the
   * node. Use it when a library builds the supervisor for you; otherwise {@link #startRoot}.
   */
  public UnaryOperator<Supervisor.Builder> rootSettings() {
    return b -> b.listener(listener).onGiveUp((name, reason, report) ->
        onRootGaveUp.accept(name, reason.toString()));
  }

  /**
   * Builds and starts a root supervisor {@code name} on the node's loops with
   * {@link #rootSettings}. Blocks while its children start.
   *
   * @throws IllegalStateException when it fails to start (with the failing child's reason)
   */
  public Supervisor startRoot(String name, SupervisorSpec spec) {
    Supervisor root = rootSettings().apply(Supervisor.builder(name, loops, spec)).build();
    Reply<Void> started = root.start();
    if (started instanceof Reply.Failure<Void> f) {
      throw new IllegalStateException("root supervisor " + name + " failed to start: "
          + f.message());
    }
    return root;
  }
}
