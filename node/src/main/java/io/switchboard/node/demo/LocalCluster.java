package io.switchboard.node.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A cluster of real node processes on 127.0.0.1 ({@code java -jar switchboard.jar node ...}),
 * each with free ports and its own data directory under a work directory: what
 * {@code ./switchboard demo}, the multi-process tests and the failover benchmark run.
 *
 * <p>Nodes are named {@code n1..nN} and find each other with {@code --seeds} (all cluster ports),
 * {@code --expected-size N} (or the expected size given to
 * {@link #create(int, int, Path, Path, List)}, e.g. 4 for three nodes that a fourth joins later:
 * a node that is not started yet is a seed nobody answers on). A node restarted with {@link #start(int)} keeps its name, ports and
 * data directory. {@link #close} stops every node still alive (SIGTERM, then SIGKILL after 10 s)
 * and leaves nothing running. Not thread-safe: one driver thread.
 */
public final class LocalCluster implements AutoCloseable {
  /** FD_SOCK2 listens at cluster port + 100 .. + 103 (see the cluster module's stack). */
  private static final int FD_SOCK_OFFSET = 100;
  private static final int FD_SOCK_RANGE = 4;

  private final int size;
  private final int expectedSize;
  private final Path workDir;
  private final Path jar;
  private final List<String> jvmArgs;
  private final int[] grpc;
  private final int[] http;
  private final int clusterBase;
  private final NodeProcess[] nodes;
  private final NodeClient[] clients;

  private LocalCluster(int size, int expectedSize, Path workDir, Path jar, List<String> jvmArgs)
      throws IOException {
    this.size = size;
    this.expectedSize = expectedSize;
    this.workDir = workDir;
    this.jar = jar;
    this.jvmArgs = List.copyOf(jvmArgs);
    this.grpc = new int[size];
    this.http = new int[size];
    for (int i = 0; i < size; i++) {
      grpc[i] = freePort();
      http[i] = freePort();
    }
    this.clusterBase = freeClusterBase(size);
    this.nodes = new NodeProcess[size];
    this.clients = new NodeClient[size];
    Files.createDirectories(workDir);
  }

  /**
   * A cluster of {@code size} nodes (none started yet) working in {@code workDir}.
   *
   * @param jar the runnable node jar; see {@link #defaultJar()}
   * @param jvmArgs JVM options for every node (e.g. {@code -Xmx256m})
   */
  public static LocalCluster create(int size, Path workDir, Path jar, List<String> jvmArgs)
      throws IOException {
    return create(size, size, workDir, jar, jvmArgs);
  }

  /**
   * A cluster of up to {@code size} nodes (none started yet) whose nodes all run with
   * {@code --expected-size expectedSize}; the quorum is a strict majority of it.
   *
   * @param size how many nodes may be started ({@code n1..n<size>}), 1..9; every one is a seed
   * @param expectedSize the full cluster size every node is told, 1..{@code size}
   */
  public static LocalCluster create(int size, int expectedSize, Path workDir, Path jar,
      List<String> jvmArgs) throws IOException {
    if (size < 1 || size > 9) {
      throw new IllegalArgumentException("a local cluster has 1..9 nodes, got " + size);
    }
    if (expectedSize < 1 || expectedSize > size) {
      throw new IllegalArgumentException("expected size must be 1.." + size + ", got "
          + expectedSize);
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("node jar " + jar + " not found: build it with "
          + "'./mvnw -DskipTests package'");
    }
    return new LocalCluster(size, expectedSize, workDir, jar, jvmArgs);
  }

  /**
   * {@code -Dswitchboard.jar}, or the runnable jar this code runs from, or
   * {@code target/switchboard.jar} (the node module's build output, for tests run from classes or
   * from the module's plain jar, which has no {@code Main-Class}, as failsafe runs them).
   */
  public static Path defaultJar() {
    String prop = System.getProperty("switchboard.jar");
    if (prop != null) {
      return Path.of(prop);
    }
    try {
      Path self = Path.of(LocalCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(self) && self.toString().endsWith(".jar") && runnable(self)) {
        return self;
      }
    } catch (java.net.URISyntaxException | SecurityException e) {
      // fall through to the build output
    }
    return Path.of("target", "switchboard.jar");
  }

  /** True when {@code jar}'s manifest names a {@code Main-Class} ({@code java -jar} runs it). */
  private static boolean runnable(Path jar) {
    try (JarFile f = new JarFile(jar.toFile())) {
      Manifest m = f.getManifest();
      return m != null && m.getMainAttributes().getValue("Main-Class") != null;
    } catch (IOException e) {
      return false;
    }
  }

  public int size() {
    return size;
  }

  /** The {@code --expected-size} every node runs with. */
  public int expectedSize() {
    return expectedSize;
  }

  public NodeProcess node(int i) {
    return nodes[i];
  }

  /** A client of node {@code i} (kept open, reused). */
  public NodeClient client(int i) {
    if (clients[i] == null) {
      clients[i] = new NodeClient("127.0.0.1", grpc[i]);
    }
    return clients[i];
  }

  /** Starts (or restarts) node {@code i} as {@code n<i+1>}. Does not wait for readiness. */
  public NodeProcess start(int i) throws IOException {
    if (nodes[i] != null && nodes[i].isAlive()) {
      throw new IllegalStateException(nodes[i].name() + " is already running");
    }
    String name = "n" + (i + 1);
    List<String> seeds = new ArrayList<>();
    for (int k = 0; k < size; k++) {
      seeds.add("127.0.0.1:" + (clusterBase + k));
    }
    Path data = workDir.resolve(name);
    Files.createDirectories(data);
    Path log = workDir.resolve(name + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", jar.toString(), "node", "--name", name, "--host", "127.0.0.1",
        "--grpc-port", Integer.toString(grpc[i]), "--http-port", Integer.toString(http[i]),
        "--cluster-port", Integer.toString(clusterBase + i), "--seeds", String.join(",", seeds),
        "--expected-size", Integer.toString(expectedSize), "--data-dir", data.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    nodes[i] = new NodeProcess(name, grpc[i], http[i], clusterBase + i, log, p);
    return nodes[i];
  }

  /** Starts every node. */
  public void startAll() throws IOException {
    for (int i = 0; i < size; i++) {
      start(i);
    }
  }

  /** Waits until every live node answers ready; throws with their logs' tails if not. */
  public void awaitReady(Duration timeout) {
    await(() -> {
      for (NodeProcess n : nodes) {
        if (n != null && n.isAlive() && !n.isReady()) {
          return false;
        }
      }
      return true;
    }, timeout, "every node ready");
  }

  /** Polls {@code condition} every 20 ms until it holds or {@code timeout} passes. */
  public void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("timed out after " + timeout.toSeconds()
            + " s waiting for " + what + "\n" + tails());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** The last lines of every node's log, for failure messages. */
  public String tails() {
    StringBuilder b = new StringBuilder();
    for (NodeProcess n : nodes) {
      if (n != null) {
        String out = n.output();
        String[] lines = out.split("\n");
        b.append("--- ").append(n).append(n.isAlive() ? "" : " (exited)").append('\n');
        for (int k = Math.max(0, lines.length - 15); k < lines.length; k++) {
          b.append(lines[k]).append('\n');
        }
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (NodeClient c : clients) {
      if (c != null) {
        c.close();
      }
    }
    for (NodeProcess n : nodes) {
      if (n != null && n.isAlive()) {
        n.resume(); // a paused JVM cannot act on SIGTERM
        n.process().destroy();
      }
    }
    for (NodeProcess n : nodes) {
      if (n != null) {
        try {
          if (!n.process().waitFor(10, TimeUnit.SECONDS)) {
            n.kill9();
            n.process().waitFor(10, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          n.kill9();
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freeClusterBase(int n) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      if (free(base, n) && free(base + FD_SOCK_OFFSET, n + FD_SOCK_RANGE)) {
        return base;
      }
    }
    throw new IllegalStateException("no free range of cluster ports found");
  }

  private static boolean free(int from, int count) {
    for (int port = from; port < from + count; port++) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
