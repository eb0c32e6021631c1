package io.switchboard.node.cluster;

import io.switchboard.node.NodeJar;
import io.switchboard.node.deploy.Processes;
import io.switchboard.node.deploy.RepositoryFiles;
import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;

/**
 * Starting and observing {@link ProcessCluster}s of real node processes for the multi-process
 * tests: the packaged jar, small JVMs (the machine has two cores for every node and the build),
 * and the node's answers as the tests check them.
 */
final class Clusters {
  /** JVM options of every node: small heap, cheap GC and JIT, so four JVMs share two cores. */
  static final List<String> NODE_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1");
  /** A node JVM starts, joins and holds its lease within this (measured: 5–15 s when busy). */
  static final Duration START = Duration.ofSeconds(90);
  /** Deadline of one client RPC in the tests (the OTP default call timeout). */
  static final Duration CALL = Duration.ofSeconds(5);

  private Clusters() {}

  /**
   * A fresh work directory for one test's cluster, {@code target/it-clusters/<class>/<test>}:
   * kept after the run, so the nodes' logs ({@code n1.log}…) can be read when a test fails.
   */
  static Path workDir(TestInfo test) throws IOException {
    Path dir = Path.of("target", "it-clusters",
        test.getTestClass().map(Class::getSimpleName).orElse("unknown"),
        test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("all"));
    if (Files.exists(dir)) {
      try (Stream<Path> old = Files.walk(dir)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  /**
   * Creates a cluster of {@code slots} possible nodes told {@code --expected-size expected} (each
   * with its own peer port, {@value #SHARDS} shards, mutual TLS on the peer plane and JGroups with
   * certificates from {@code scripts/make-certs.sh}), starts the first {@code running} and waits
   * until they are ready and see each other. The multi-process suite runs with TLS on, as a
   * deployed cluster should; the client port stays plaintext ({@code --client-tls off}).
   */
  static ProcessCluster start(Path dir, int slots, int expected, int running) throws IOException {
    return ProcessCluster.builder(slots, dir).expectedSize(expected).jar(NodeJar.path())
        .jvmArgs(NODE_JVM).shards(SHARDS).peerTls(certificates(dir, slots))
        .form(running, START);
  }

  /** Certificates for {@code n1..n<slots>} in {@code dir/certs} ({@code scripts/make-certs.sh}). */
  static Path certificates(Path dir, int slots) {
    Path out = dir.resolve("certs");
    List<String> command = new java.util.ArrayList<>(List.of("bash",
        RepositoryFiles.root().resolve("scripts/make-certs.sh").toString(),
        "--out", out.toString()));
    ProcessCluster.indices(slots).forEach(i -> command.add(ProcessCluster.nodeName(i)));
    Processes.check(Duration.ofMinutes(1), command.toArray(new String[0]));
    return out;
  }

  /**
   * Shards of every node in the multi-process tests: 8 Raft groups instead of the default 64 keep
   * 3–5 local JVMs light on two cores.
   */
  static final int SHARDS = 8;

  /** The member names node {@code i} lists. */
  static Set<String> members(ProcessCluster cluster, int i) {
    return new HashSet<>(cluster.client(i).members(CALL));
  }

  /** The owner of {@code name} as node {@code via} answers it (fails on an error). */
  static String whereIs(ProcessCluster cluster, int via, String name) {
    NodeClient.Result r = cluster.client(via).whereIs(name, CALL);
    if (!r.ok()) {
      throw new AssertionError("whereis " + name + " via " + ProcessCluster.nodeName(via) + ": "
          + r);
    }
    return r.text();
  }

  /** The names of the running workers of every node in {@code nodes}, by node name. */
  static Map<String, Set<String>> running(ProcessCluster cluster, List<Integer> nodes) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (int i : nodes) {
      out.put(ProcessCluster.nodeName(i), cluster.client(i).runningWorkers(CALL).orElseThrow(
          () -> new AssertionError(ProcessCluster.nodeName(i) + " did not answer 'tree'")));
    }
    return out;
  }

  /** The nodes among {@code byNode} that run {@code server}. */
  static List<String> hosts(Map<String, Set<String>> byNode, String server) {
    return byNode.entrySet().stream().filter(e -> e.getValue().contains(server))
        .map(Map.Entry::getKey).toList();
  }
}
