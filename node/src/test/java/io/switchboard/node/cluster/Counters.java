package io.switchboard.node.cluster;

import static io.switchboard.node.cluster.Clusters.CALL;
import static io.switchboard.testkit.ProcessCluster.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Counter workloads and checks shared by the failover tests, against a {@link Ledger}. */
final class Counters {
  private Counters() {}

  /** {@code counter-7} and {@code n - 1} more counters. */
  static List<String> names(int n) {
    List<String> out = new ArrayList<>(List.of("counter-7"));
    for (int k = 1; k < n; k++) {
      out.add("counter-f" + k);
    }
    return out;
  }

  /**
   * Gives the k-th counter the value {@code 20 + k}, through all three nodes: values before a
   * fault are large and distinct, so a stale copy answering later shows at once.
   */
  static void fill(ProcessCluster cluster, Ledger ledger, List<String> names) {
    for (int k = 0; k < names.size(); k++) {
      String n = names.get(k);
      ledger.reset(n, 0);
      for (int m = 0; m < 20 + k; m++) {
        NodeClient.Result r = cluster.client(m % 3).call(n, "increment", CALL);
        assertThat(r).as("increment %s via %s", n, nodeName(m % 3)).hasToString("ack");
        ledger.increment(n, nodeName(m % 3), r);
      }
    }
  }

  /** The indices of the three nodes other than {@code victim}. */
  static List<Integer> others(int victim) {
    return ProcessCluster.indices(3).stream().filter(i -> i != victim).toList();
  }

  /**
   * Increments {@code counter-7} through {@code via} ({@code probe} deadline each) until one is
   * acknowledged; returns the nanoseconds since {@code t0}, failing past {@code budget}.
   */
  static long firstSuccess(ProcessCluster cluster, Ledger ledger, int via, Duration probe,
      Duration budget, long t0) {
    List<String> failures = new ArrayList<>();
    while (System.nanoTime() - t0 < budget.toNanos()) {
      NodeClient.Result r = cluster.client(via).call("counter-7", "increment", probe);
      ledger.increment("counter-7", nodeName(via), r);
      if (r.ok()) {
        return System.nanoTime() - t0;
      }
      failures.add(r.code() + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
    throw new AssertionError("no survivor served counter-7 within " + budget + ": " + failures
        + "\n" + cluster.tails());
  }

  /**
   * Through every node in {@code via}: one increment of each counter (must be acknowledged),
   * then reads of each through every node (must match the ledger exactly).
   */
  static void exercise(ProcessCluster cluster, Ledger ledger, List<String> names,
      List<Integer> via) {
    for (String n : names) {
      for (int i : via) {
        NodeClient.Result r = cluster.client(i).call(n, "increment", CALL);
        assertThat(r).as("increment %s via %s", n, nodeName(i)).hasToString("ack");
        ledger.increment(n, nodeName(i), r);
      }
    }
    for (String n : names) {
      for (int i : via) {
        NodeClient.Result r = cluster.client(i).call(n, "read", CALL);
        assertThat(ledger.read(n, nodeName(i), r)).as("read %s via %s: %s", n, nodeName(i), r)
            .isTrue();
        assertThat(ledger.violations()).as("after reading %s via %s", n, nodeName(i)).isEmpty();
      }
    }
  }

  /**
   * Every node names the same owner for each counter, and only that node runs it — once the
   * cluster has settled: the trees and the owners are two snapshots, and a leadership transfer
   * between them (a woken node's shards moving back to their preferred leaders) stops the old
   * leader's server a moment after the new leader was named. Waits up to 30 s for a pair of
   * snapshots that agree, then fails with the last one.
   */
  static void assertOneOwnerEach(ProcessCluster cluster, List<String> names) {
    List<Integer> all = ProcessCluster.indices(3);
    cluster.await(Duration.ofSeconds(30)).until("one owner per counter, running only there",
        () -> ownership(cluster, all, names), problems -> problems.isEmpty());
  }

  /** What is wrong with the ownership of {@code names} now: one line each, empty when none. */
  private static List<String> ownership(ProcessCluster cluster, List<Integer> all,
      List<String> names) {
    Map<String, Set<String>> running = Clusters.running(cluster, all);
    List<String> problems = new java.util.ArrayList<>();
    for (String n : names) {
      List<String> owners = all.stream().map(i -> Clusters.whereIs(cluster, i, n)).toList();
      if (!owners.stream().allMatch(owners.get(0)::equals)) {
        problems.add("owner of " + n + " on n1..n3: " + owners);
      } else if (!List.copyOf(Clusters.hosts(running, n)).equals(List.of(owners.get(0)))) {
        problems.add("nodes running " + n + ": " + Clusters.hosts(running, n) + ", owner "
            + owners.get(0) + " (trees " + running + ")");
      }
    }
    return problems;
  }
}
