package io.switchboard.node.cluster;

import io.switchboard.node.demo.LocalCluster;
import io.switchboard.node.demo.NodeClient;
import io.switchboard.node.demo.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;

/**
 * Starting and observing {@link LocalCluster}s of real node processes for the multi-process
 * tests: small JVMs (the machine has two cores for every node and the build), and waits that
 * poll with a deadline and fail with the nodes' log tails.
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
   * Creates a cluster of {@code slots} possible nodes told {@code --expected-size expected},
   * starts the first {@code running} and waits until they are ready and see each other.
   */
  static LocalCluster start(Path dir, int slots, int expected, int running) throws IOException {
    LocalCluster cluster = LocalCluster.create(slots, expected, dir, LocalCluster.defaultJar(),
        NODE_JVM);
    try {
      for (int i = 0; i < running; i++) {
        cluster.start(i);
      }
      awaitReady(cluster, indices(running));
      awaitMembers(cluster, indices(running), running);
      return cluster;
    } catch (RuntimeException | IOException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code 0..n-1}. */
  static List<Integer> indices(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  /** Waits until every node in {@code nodes} is ready; fails at once when one exits. */
  static void awaitReady(LocalCluster cluster, List<Integer> nodes) {
    cluster.await(() -> nodes.stream().allMatch(i -> alive(cluster, i).isReady()), START,
        "nodes " + names(nodes) + " ready");
  }

  /** Waits until every node in {@code nodes} answers {@code members} with {@code count} names. */
  static void awaitMembers(LocalCluster cluster, List<Integer> nodes, int count) {
    cluster.await(() -> nodes.stream().allMatch(i -> alive(cluster, i) != null
            && cluster.client(i).members(CALL).size() == count),
        START, count + " members seen by nodes " + names(nodes));
  }

  /** Node {@code i}, which must be running: a node that exited fails the test with the logs. */
  static NodeProcess alive(LocalCluster cluster, int i) {
    NodeProcess n = cluster.node(i);
    if (n == null || !n.isAlive()) {
      throw new AssertionError(name(i) + " is not running\n" + cluster.tails());
    }
    return n;
  }

  /** The member names node {@code i} lists. */
  static Set<String> members(LocalCluster cluster, int i) {
    return new HashSet<>(cluster.client(i).members(CALL));
  }

  /** The index of the node named {@code n<k>}. */
  static int index(String nodeName) {
    if (!nodeName.matches("n[1-9]")) {
      throw new IllegalArgumentException("not a local node name: '" + nodeName + "'");
    }
    return nodeName.charAt(1) - '1';
  }

  /** {@code n<i+1>}. */
  static String name(int i) {
    return "n" + (i + 1);
  }

  static List<String> names(List<Integer> nodes) {
    return nodes.stream().map(Clusters::name).toList();
  }

  /** The owner of {@code name} as node {@code via} answers it (fails on an error). */
  static String whereIs(LocalCluster cluster, int via, String name) {
    NodeClient.Result r = cluster.client(via).whereIs(name, CALL);
    if (!r.ok()) {
      throw new AssertionError("whereis " + name + " via " + name(via) + ": " + r);
    }
    return r.text();
  }

  /** The names of the running workers of every node in {@code nodes}, by node name. */
  static Map<String, Set<String>> running(LocalCluster cluster, List<Integer> nodes) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (int i : nodes) {
      out.put(name(i), cluster.client(i).runningWorkers(CALL).orElseThrow(
          () -> new AssertionError(name(i) + " did not answer 'tree'")));
    }
    return out;
  }

  /** The nodes among {@code byNode} that run {@code server}. */
  static List<String> hosts(Map<String, Set<String>> byNode, String server) {
    return byNode.entrySet().stream().filter(e -> e.getValue().contains(server))
        .map(Map.Entry::getKey).toList();
  }
}
