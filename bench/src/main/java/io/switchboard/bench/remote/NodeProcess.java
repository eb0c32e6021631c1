package io.switchboard.bench.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code switchboard node} process run from the node jar on fixed loopback ports, so that it
 * can be killed and started again with the same identity ({@link Spec}). Not thread-safe.
 */
final class NodeProcess implements AutoCloseable {
  /** The node's ready line (see the node's {@code NodeServer}). */
  static final Pattern READY =
      Pattern.compile("switchboard node (\\S+) ready grpc=(\\d+) http=(\\d+) cluster=(\\d+)");

  /**
   * Where and how a node runs.
   *
   * @param seeds the cluster ports of every member, {@code 127.0.0.1:<port>} (empty: standalone)
   * @param expectedSize the cluster size for the quorum rule
   */
  record Spec(String name, int grpcPort, int httpPort, int clusterPort, List<String> seeds,
      int expectedSize, Path dataDir) {

    /** The {@code node} command's arguments for this spec. */
    List<String> args() {
      List<String> a = new ArrayList<>(List.of("node", "--name", name, "--host", "127.0.0.1",
          "--grpc-port", Integer.toString(grpcPort), "--http-port", Integer.toString(httpPort),
          "--cluster-port", Integer.toString(clusterPort), "--data-dir", dataDir.toString()));
      if (!seeds.isEmpty()) {
        a.addAll(List.of("--seeds", String.join(",", seeds), "--expected-size",
            Integer.toString(expectedSize)));
      }
      return a;
    }
  }

  private final Spec spec;
  private final ChildProcess process;
  private final int starts;

  private NodeProcess(Spec spec, ChildProcess process, int starts) {
    this.spec = spec;
    this.process = process;
    this.starts = starts;
  }

  /**
   * Starts the node of {@code spec} for the {@code starts}-th time (1 for the first), writing its
   * output to {@code log} (one file per start: a node logs its ready line again whenever it
   * regains a quorum). Does not wait; see {@link #awaitReady}.
   */
  static NodeProcess start(String javaBin, Path nodeJar, Spec spec, Path log, int starts)
      throws IOException {
    Files.createDirectories(spec.dataDir());
    List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx512m",
        "-Djgroups.bind_addr=127.0.0.1", "-Djava.net.preferIPv4Stack=true", "-jar",
        nodeJar.toString()));
    cmd.addAll(spec.args());
    return new NodeProcess(spec, ChildProcess.start("node " + spec.name(), cmd, log), starts);
  }

  Spec spec() {
    return spec;
  }

  String name() {
    return spec.name();
  }

  /** How many times this node's spec was started, this process included. */
  int starts() {
    return starts;
  }

  /** {@code 127.0.0.1:<grpc port>}. */
  String grpcTarget() {
    return "127.0.0.1:" + spec.grpcPort();
  }

  ChildProcess process() {
    return process;
  }

  /** Waits for this process's first ready line. */
  void awaitReady(Duration timeout) throws IOException, InterruptedException {
    process.awaitLine(READY, 1, timeout);
  }

  /** Kills the process (see {@link ChildProcess#close}). */
  @Override
  public void close() {
    process.close();
  }
}
