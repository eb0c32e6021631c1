package io.switchboard.bench.remote;

import io.switchboard.bench.BenchContext;
import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The cluster suites' node processes: the testkit's {@link ProcessCluster} run from the node jar
 * ({@code --node-jar}), one work directory per cluster of the run. Bench never links the node.
 */
final class Nodes {
  /** A node JVM starts, joins and is ready within this. */
  static final Duration READY = Duration.ofSeconds(90);
  private static final Duration CALL = Duration.ofSeconds(5);
  private static final List<String> JVM = List.of("-Xmx512m", "-Djgroups.bind_addr=127.0.0.1",
      "-Djava.net.preferIPv4Stack=true");

  private Nodes() {}

  /**
   * Starts {@code size} nodes (standalone when 1) and waits until they form a cluster. {@code tag}
   * keeps this cluster's logs and data apart from the run's other clusters.
   *
   * @throws io.switchboard.testkit.AwaitFailed when they do not, with the nodes' log tails
   */
  static ProcessCluster start(BenchContext ctx, int size, String tag) throws IOException {
    return start(ctx, size, tag, Map.of());
  }

  /** As {@link #start(BenchContext, int, String)}, with extra environment variables per node. */
  static ProcessCluster start(BenchContext ctx, int size, String tag, Map<String, String> env)
      throws IOException {
    return builder(ctx, size, tag).environment(env).form(size, READY);
  }

  /**
   * As {@link #start(BenchContext, int, String)}, with mutual TLS on the peer plane: {@code
   * certs} holds {@code ca.pem} and {@code n<k>.pem}/{@code n<k>-key.pem} ({@code
   * scripts/make-certs.sh}); the client port stays plaintext.
   */
  static ProcessCluster start(BenchContext ctx, int size, String tag, Path certs)
      throws IOException {
    return builder(ctx, size, tag).peerTls(certs).form(size, READY);
  }

  private static ProcessCluster.Builder builder(BenchContext ctx, int size, String tag) {
    return ProcessCluster.builder(size, ctx.workDir().resolve("nodes-" + tag))
        .jar(ctx.options().nodeJar()).jvmArgs(JVM);
  }

  /** The owner of {@code name} as {@code via} answers it; throws if it cannot. */
  static String owner(NodeClient via, String name) {
    return ok(via.whereIs(name, CALL), "whereis " + name);
  }

  /** The reply text of a successful call; throws with the status otherwise. */
  static String ok(NodeClient.Result r, String what) {
    if (!r.ok()) {
      throw new IllegalStateException(what + ": " + r);
    }
    return r.text();
  }
}
