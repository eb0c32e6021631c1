package io.switchboard.node.cluster;

import static io.switchboard.testkit.ProcessCluster.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.ProcessCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9 with real node processes: the owner of {@code counter-7} dies ({@code kill -9}); a
 * survivor serves the name within {@link #BUDGET}, every survivor agrees on the new owner, and
 * the restarted node rejoins without losing what the survivors acknowledged meanwhile.
 *
 * <p>The counters are REPLICATED (DESIGN.md, cluster semantics version 2): the owner is the
 * leader of the name's Raft shard, and a failover is an election among the replicas that hold
 * the committed state, so every counter, the dead owner's too, keeps its value and the {@link
 * Ledger} counts on across the kill. (A hang, {@code kill -STOP}, is {@link HangIT}; many
 * counters under load, {@link ReplicatedStateIT}.)
 */
class FailoverIT {
  static final Duration BUDGET = Duration.ofSeconds(10);
  private static final Duration PROBE = Duration.ofSeconds(2);

  @Test
  @Timeout(180)
  void owner_kill9_survivorServesWithinBudgetAndRejoinKeepsValues(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = Clusters.start(Clusters.workDir(test), 3, 3, 3)) {
      Ledger ledger = new Ledger();
      List<String> names = Counters.names(8);
      Counters.fill(cluster, ledger, names);
      int victim = ProcessCluster.indexOf(Clusters.whereIs(cluster, 0, "counter-7"));
      List<Integer> survivors = Counters.others(victim);

      cluster.node(victim).kill9();
      long t0 = System.nanoTime();
      long took = Counters.firstSuccess(cluster, ledger, survivors.get(0), PROBE, BUDGET, t0);
      System.out.printf("[FailoverIT] kill -9 of %s (owner of counter-7): first successful call"
          + " through %s after %d ms%n", nodeName(victim), nodeName(survivors.get(0)),
          took / 1_000_000);

      cluster.awaitMembers(2, Clusters.START, survivors);
      String heir = Clusters.whereIs(cluster, survivors.get(0), "counter-7");
      assertThat(heir).isNotEqualTo(nodeName(victim));
      assertThat(Clusters.whereIs(cluster, survivors.get(1), "counter-7")).isEqualTo(heir);
      Counters.exercise(cluster, ledger, names, survivors);

      long t1 = System.nanoTime();
      cluster.start(victim);
      cluster.awaitReady(Clusters.START, List.of(victim));
      cluster.awaitMembers(3, Clusters.START, ProcessCluster.indices(3));
      System.out.printf("[FailoverIT] %s restarted and seen by all after %d ms%n", nodeName(victim),
          (System.nanoTime() - t1) / 1_000_000);
      Counters.exercise(cluster, ledger, names, ProcessCluster.indices(3));
      Counters.assertOneOwnerEach(cluster, names);
      assertThat(ledger.violations()).isEmpty();
    }
  }
}
