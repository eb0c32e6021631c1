package io.switchboard.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A cluster of real node processes on 127.0.0.1, each {@code java -cp CLASSPATH
 * io.switchboard.node.Main node ...} with free ports and its own data directory and log under a
 * work directory: what {@code ./switchboard demo}, the multi-process tests and the cluster
 * benchmarks run.
 *
 * <p>Nodes are named {@code n1..nN} (index {@code i} is {@code n<i+1>}) and find each other with
 * {@code --seeds} (every cluster port) and {@code --expected-size} (the builder's, e.g. 4 for three
 * nodes that a fourth joins later: a node not started yet is a seed nobody answers on). A cluster
 * of one node told {@code --expected-size 1} runs standalone, without seeds. A node started again
 * keeps its name, ports and data directory, and appends to its log.
 *
 * <p>Raft (version 2 of the cluster semantics): each node gets a free {@code --peer-port} of its
 * own, kept across restarts, since nodes sharing a host cannot all take the default 50061 ({@link
 * Builder#peerPorts}{@code (false)} passes none, for a node command without the flag). {@link
 * Builder#shards} passes {@code --shards}, {@link Builder#replicas} {@code --replicas} (both
 * default to the node's own defaults), and {@link Builder#nodeArgs} appends anything else to
 * every node's command line ({@link Builder#environment} adds environment variables). The
 * multi-process tests use {@code shards(8)}: 8 groups instead of 64 keep 3–5 local JVMs light on
 * two cores.
 *
 * <p>The node is launched by main-class name, never linked (this module cannot depend on the
 * node's): the class path is the caller's (e.g. {@code node/target/switchboard.jar}) or this JVM's.
 *
 * <p>Everything is bounded: readiness and membership waits take a timeout and fail with {@link
 * AwaitFailed} carrying the nodes' log tails, at once when a node they wait on has exited. {@link
 * #close} stops every node (SIGTERM, SIGKILL after 10 s); nodes still running when the JVM exits
 * are killed by {@link ChildProcess}'s shutdown hook.
 *
 * <p>Threads: one driver thread starts, stops and closes; {@link #node}, {@link #client}, {@link
 * #tails} and the waits may be called from any thread.
 */
public final class ProcessCluster implements AutoCloseable {
  /** The node's main class ({@code switchboard} command line). */
  public static final String NODE_MAIN_CLASS = "io.switchboard.node.Main";
  /** At most this many nodes ({@code n1..n9}: node names are one digit). */
  public static final int MAX_SIZE = 9;
  private static final int TAIL_LINES = 15;
  /** The deadline of one probe of a wait (the OTP default call timeout). */
  private static final Duration PROBE = Duration.ofSeconds(5);

  private final int size;
  private final int expectedSize;
  private final Path workDir;
  private final String classpath;
  private final String mainClass;
  private final List<String> jvmArgs;
  private final List<String> extraArgs;
  private final @Nullable Path tlsDir;
  private final Map<String, String> environment;
  private final int[] grpc;
  private final int[] http;
  /** The {@code --peer-port} of each node, or null when the builder passes none. */
  private final int @Nullable [] peer;
  private final int clusterBase;
  private final AtomicReferenceArray<NodeProcess> nodes;
  private final NodeClient[] clients;
  private volatile boolean detached;

  private ProcessCluster(Builder b) throws IOException {
    this.size = b.size;
    this.expectedSize = b.expectedSize == 0 ? b.size : b.expectedSize;
    this.workDir = b.workDir;
    this.classpath = b.classpath;
    this.mainClass = b.mainClass;
    this.jvmArgs = List.copyOf(b.jvmArgs);
    this.extraArgs = b.extraArgs();
    this.tlsDir = b.tlsDir;
    this.environment = Map.copyOf(b.environment);
    this.grpc = new int[size];
    this.http = new int[size];
    this.peer = b.peerPorts ? new int[size] : null;
    this.clients = new NodeClient[size];
    for (int i = 0; i < size; i++) {
      grpc[i] = FreePorts.port();
      http[i] = FreePorts.port();
      if (peer != null) {
        peer[i] = FreePorts.port();
      }
      clients[i] = new NodeClient("127.0.0.1", grpc[i]); // connects on its first call
    }
    this.clusterBase = FreePorts.clusterBase(size);
    this.nodes = new AtomicReferenceArray<>(size);
    Files.createDirectories(workDir);
  }

  /** A builder of a cluster of up to {@code size} nodes (1..9) working in {@code workDir}. */
  public static Builder builder(int size, Path workDir) {
    return new Builder(size, workDir);
  }

  /** How a {@link ProcessCluster} is made; {@link #build} picks the ports and starts nothing. */
  public static final class Builder {
    private final int size;
    private final Path workDir;
    private int expectedSize;
    private String classpath = ChildProcess.currentClasspath();
    private String mainClass = NODE_MAIN_CLASS;
    private List<String> jvmArgs = List.of();
    private boolean peerPorts = true;
    private int shards;
    private int replicas;
    private List<String> nodeArgs = List.of();
    private Map<String, String> environment = Map.of();
    private @Nullable Path tlsDir;

    private Builder(int size, Path workDir) {
      if (size < 1 || size > MAX_SIZE) {
        throw new IllegalArgumentException("a process cluster has 1.." + MAX_SIZE
            + " nodes, got " + size);
      }
      this.size = size;
      this.workDir = workDir;
    }

    /** The {@code --expected-size} of every node, 1..size (default: size); quorum is a majority. */
    public Builder expectedSize(int expectedSize) {
      if (expectedSize < 1 || expectedSize > size) {
        throw new IllegalArgumentException("expected size must be 1.." + size + ", got "
            + expectedSize);
      }
      this.expectedSize = expectedSize;
      return this;
    }

    /** The nodes' class path (default: this JVM's {@code java.class.path}). */
    public Builder classpath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    /** Runs the nodes from {@code jar} ({@code node/target/switchboard.jar}), which must exist. */
    public Builder jar(Path jar) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("node jar " + jar + " not found: build it with "
            + "'./mvnw -DskipTests package'");
      }
      return classpath(jar.toString());
    }

    /**
     * The main class the nodes run (default {@link #NODE_MAIN_CLASS}); it is given the {@code
     * node} command's arguments. For tests of this harness.
     */
    public Builder mainClass(String mainClass) {
      this.mainClass = mainClass;
      return this;
    }

    /** JVM options of every node (e.g. {@code -Xmx256m}). */
    public Builder jvmArgs(List<String> jvmArgs) {
      this.jvmArgs = List.copyOf(jvmArgs);
      return this;
    }

    /**
     * Whether every node gets a free {@code --peer-port} of its own, kept across its restarts
     * (default true). False passes no {@code --peer-port}: for a node command that does not know
     * the flag, or a cluster of one.
     */
    public Builder peerPorts(boolean peerPorts) {
      this.peerPorts = peerPorts;
      return this;
    }

    /** {@code --shards} of every node, at least 1 (default: not passed, the node's 64). */
    public Builder shards(int shards) {
      if (shards < 1) {
        throw new IllegalArgumentException("shards must be at least 1, got " + shards);
      }
      this.shards = shards;
      return this;
    }

    /** {@code --replicas} of every node, at least 1 (default: not passed, the node's 3). */
    public Builder replicas(int replicas) {
      if (replicas < 1) {
        throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
      }
      this.replicas = replicas;
      return this;
    }

    /**
     * Arguments appended to every node's {@code node} command line after the harness's own
     * (e.g. {@code List.of("--log-level", "debug")}); default none.
     */
    public Builder nodeArgs(List<String> nodeArgs) {
      this.nodeArgs = List.copyOf(nodeArgs);
      return this;
    }

    /**
     * Environment variables every node process gets on top of this JVM's (e.g. {@code
     * SWITCHBOARD_APP_COUNTER_DURABILITY=none}); default none. Kept across restarts.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * Mutual TLS on every node's peer plane and JGroups: node {@code n<k>} runs with {@code
     * --tls-cert DIR/n<k>.pem --tls-key DIR/n<k>-key.pem --tls-ca DIR/ca.pem}, the layout {@code
     * scripts/make-certs.sh --out DIR n1 n2 …} writes. Default: none (plaintext).
     */
    public Builder peerTls(Path dir) {
      this.tlsDir = dir;
      return this;
    }

    private List<String> extraArgs() {
      List<String> args = new ArrayList<>();
      if (shards > 0) {
        args.addAll(List.of("--shards", Integer.toString(shards)));
      }
      if (replicas > 0) {
        args.addAll(List.of("--replicas", Integer.toString(replicas)));
      }
      args.addAll(nodeArgs);
      return List.copyOf(args);
    }

    /** Picks free ports and creates the work directory; starts no node. */
    public ProcessCluster build() throws IOException {
      return new ProcessCluster(this);
    }

    /**
     * Builds the cluster and {@linkplain ProcessCluster#form forms} it of its first {@code
     * running} nodes; if that fails, closes it (nothing is left running) and throws.
     */
    public ProcessCluster form(int running, Duration timeout) throws IOException {
      ProcessCluster cluster = build();
      try {
        cluster.form(running, timeout);
        return cluster;
      } catch (IOException | RuntimeException | AwaitFailed e) {
        cluster.close();
        throw e;
      }
    }
  }

  /** {@code n<i+1>}: the name of node {@code i}. */
  public static String nodeName(int i) {
    return "n" + (i + 1);
  }

  /** The index of the node named {@code n<k>} (the inverse of {@link #nodeName}). */
  public static int indexOf(String nodeName) {
    if (!nodeName.matches("n[1-9]")) {
      throw new IllegalArgumentException("not a process cluster node name: '" + nodeName + "'");
    }
    return nodeName.charAt(1) - '1';
  }

  /** {@code 0..n-1}. */
  public static List<Integer> indices(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  public int size() {
    return size;
  }

  /** The {@code --expected-size} every node runs with. */
  public int expectedSize() {
    return expectedSize;
  }

  public Path workDir() {
    return workDir;
  }

  /** Node {@code i} as last started, or null if it never was. */
  public @Nullable NodeProcess node(int i) {
    return nodes.get(i);
  }

  /** The client of node {@code i}: one per node, kept open across its restarts. */
  public NodeClient client(int i) {
    return clients[i];
  }

  /** Starts (or starts again) node {@code i}. Does not wait for readiness. */
  public NodeProcess start(int i) throws IOException {
    NodeProcess old = nodes.get(i);
    if (old != null && old.isAlive()) {
      throw new IllegalStateException(old.name() + " is already running");
    }
    String name = nodeName(i);
    Path data = Files.createDirectories(workDir.resolve(name));
    ChildProcess p = ChildProcess.start("node " + name, ChildProcess.java(jvmArgs, classpath,
        mainClass, nodeArgs(i, data)), environment, workDir.resolve(name + ".log"));
    NodeProcess n = new NodeProcess(name, grpc[i], http[i], clusterBase + i,
        peer == null ? -1 : peer[i], p);
    nodes.set(i, n);
    return n;
  }

  private List<String> nodeArgs(int i, Path data) {
    List<String> args = new ArrayList<>(List.of("node", "--name", nodeName(i),
        "--host", "127.0.0.1", "--grpc-port", Integer.toString(grpc[i]),
        "--http-port", Integer.toString(http[i]),
        "--cluster-port", Integer.toString(clusterBase + i), "--data-dir", data.toString()));
    if (size > 1 || expectedSize > 1) {
      List<String> seeds = indices(size).stream().map(k -> "127.0.0.1:" + (clusterBase + k))
          .toList();
      args.addAll(List.of("--seeds", String.join(",", seeds),
          "--expected-size", Integer.toString(expectedSize)));
    }
    if (peer != null) {
      args.addAll(List.of("--peer-port", Integer.toString(peer[i])));
    }
    if (tlsDir != null) {
      String name = nodeName(i);
      args.addAll(List.of("--tls-cert", tlsDir.resolve(name + ".pem").toString(),
          "--tls-key", tlsDir.resolve(name + "-key.pem").toString(),
          "--tls-ca", tlsDir.resolve("ca.pem").toString()));
    }
    args.addAll(extraArgs);
    return args;
  }

  /** Starts every node. Does not wait. */
  public void startAll() throws IOException {
    for (int i = 0; i < size; i++) {
      start(i);
    }
  }

  /**
   * Starts {@code n1..n<count>} and waits until each is ready and lists {@code count} members.
   */
  public void form(int count, Duration timeout) throws IOException {
    List<Integer> first = indices(count);
    for (int i : first) {
      start(i);
    }
    awaitFormed(timeout, first);
  }

  /**
   * Waits until every node in {@code indices} is ready and lists exactly those many members (the
   * nodes have formed a cluster of their own); fails at once when one is not running.
   */
  public void awaitFormed(Duration timeout, List<Integer> indices) {
    awaitReady(timeout, indices);
    awaitMembers(indices.size(), timeout, indices);
  }

  /**
   * Kills node {@code i} if it still runs (SIGKILL), starts it again with the same identity and
   * waits until it is ready; returns the time from its start to ready.
   */
  public Duration restart(int i, Duration timeout) throws IOException {
    NodeProcess old = nodes.get(i);
    if (old != null && old.isAlive()) {
      old.kill9();
    }
    long t0 = System.nanoTime();
    start(i);
    awaitReady(timeout, List.of(i));
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /**
   * SIGTERM to every running node at once (a whole cluster shut down, each node leaving
   * gracefully), then waits up to {@code timeout} for all of them; returns each signalled node's
   * exit code by index, -1 for one still running after the wait.
   */
  public Map<Integer, Integer> terminateAll(Duration timeout) {
    Map<Integer, ChildProcess> alive = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      NodeProcess n = nodes.get(i);
      if (n != null && n.isAlive()) {
        alive.put(i, n.process());
        n.process().sigterm(); // to all first: they stop in parallel
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<Integer, Integer> exits = new LinkedHashMap<>();
    for (Map.Entry<Integer, ChildProcess> e : alive.entrySet()) {
      Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
      exits.put(e.getKey(), e.getValue().awaitExit(left) ? e.getValue().exitCode() : -1);
    }
    return exits;
  }

  /** A wait of at most {@code timeout} whose failure carries the nodes' log tails. */
  public Await await(Duration timeout) {
    return Await.atMost(timeout).onTimeout(this::tails);
  }

  /** Waits until every node in {@code indices} is ready; fails at once when one is not running. */
  public void awaitReady(Duration timeout, List<Integer> indices) {
    await(timeout).until("nodes " + names(indices) + " ready",
        () -> indices.stream().allMatch(i -> running(i).isReady()));
  }

  /**
   * Waits until every node in {@code indices} lists {@code count} members in its view; fails at
   * once when one is not running.
   */
  public void awaitMembers(int count, Duration timeout, List<Integer> indices) {
    await(timeout).until(count + " members seen by nodes " + names(indices), () -> {
      Map<String, List<String>> views = new LinkedHashMap<>();
      for (int i : indices) {
        running(i);
        views.put(nodeName(i), clients[i].members(PROBE));
      }
      return views;
    }, views -> views.values().stream().allMatch(v -> v.size() == count));
  }

  /** Node {@code i}, which must be running: one that is not fails the wait with the logs. */
  private NodeProcess running(int i) {
    NodeProcess n = nodes.get(i);
    if (n == null) {
      throw new AwaitFailed(nodeName(i) + " was never started");
    }
    if (!n.isAlive()) {
      throw new AwaitFailed(nodeName(i) + " is not running (exited with "
          + n.process().exitCode() + ")\n" + tails());
    }
    return n;
  }

  private static List<String> names(List<Integer> indices) {
    return indices.stream().map(ProcessCluster::nodeName).toList();
  }

  /** The last lines of every started node's log, for failure messages. */
  public String tails() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < size; i++) {
      NodeProcess n = nodes.get(i);
      if (n != null) {
        b.append(n.process().tail(TAIL_LINES));
      }
    }
    return b.toString();
  }

  /**
   * Leaves the nodes running after this JVM exits (e.g. {@code ./switchboard demo --keep}):
   * closes the clients, and {@link #close} stops no node any more.
   */
  public void detach() {
    detached = true;
    for (NodeClient c : clients) {
      c.close();
    }
    for (int i = 0; i < size; i++) {
      NodeProcess n = nodes.get(i);
      if (n != null) {
        n.process().detach();
      }
    }
  }

  /**
   * Closes the clients and stops every node still running: SIGTERM to all, then SIGKILL to those
   * still alive after 10 s. Leaves nothing running. Idempotent.
   */
  @Override
  public void close() {
    if (detached) {
      return;
    }
    for (NodeClient c : clients) {
      c.close();
    }
    List<ChildProcess> alive = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      NodeProcess n = nodes.get(i);
      if (n != null && n.isAlive()) {
        alive.add(n.process());
        n.process().sigterm(); // to all first: they stop in parallel
      }
    }
    for (ChildProcess p : alive) {
      if (!p.awaitExit(ChildProcess.SIGNAL_WAIT)) {
        p.kill9();
      }
      p.close();
    }
  }
}
