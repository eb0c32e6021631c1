package io.switchboard.node.cluster;

import static io.switchboard.node.cluster.Clusters.CALL;
import static io.switchboard.testkit.ProcessCluster.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.ProcessCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * A name's state must follow it through several views in which nobody calls it. Three nodes
 * A (the leader of the counter's shard), H (its leader when A is away) and B; only graceful
 * stops:
 *
 * <ol>
 *   <li>{A, H, B}: the counter is incremented to 5 through all three.
 *   <li>SIGTERM A: its shards elect new leaders among H and B, which hold the committed state.
 *       {H, B}: three more increments: 8.
 *   <li>A starts again with its data dir and catches up from the log. {A, H, B}. Nobody calls
 *       it. (Under the lease model A took the name back here; a Raft leader keeps its term, so
 *       nothing is asserted about who leads now.)
 *   <li>SIGTERM B. {A, H}: still a majority of the shard's three replicas. The first call must
 *       find the value 8, not the 5 that A had when it left.
 * </ol>
 *
 * This is a rolling restart in slow motion: the next node stops before every name has been
 * called since the previous node came back.
 */
class HandoverChainIT {
  private static final Duration STOP = Duration.ofSeconds(30);

  @Test
  @Timeout(180)
  void ownerLeavesRejoinsThenOtherLeaves_noCallBetween_stateKept(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = Clusters.start(Clusters.workDir(test), 3, 3, 3)) {
      String counter = "counter-chain";
      int a = ProcessCluster.indexOf(Clusters.whereIs(cluster, 0, counter));
      for (int k = 0; k < 5; k++) {
        assertThat(cluster.client(k % 3).call(counter, "increment", CALL)).hasToString("ack");
      }
      List<Integer> rest = ProcessCluster.indices(3).stream().filter(i -> i != a).toList();

      assertThat(cluster.node(a).terminate(STOP)).as("exit of %s", nodeName(a)).isZero();
      cluster.awaitMembers(2, Clusters.START, rest);
      int h = ProcessCluster.indexOf(Clusters.whereIs(cluster, rest.get(0), counter));
      int b = rest.stream().filter(i -> i != h).findFirst().orElseThrow();
      for (int k = 0; k < 3; k++) {
        assertThat(cluster.client(b).call(counter, "increment", CALL)).hasToString("ack");
      }
      assertThat(cluster.client(b).call(counter, "read", CALL)).as("on %s after the handover",
          nodeName(h)).hasToString("8");

      cluster.start(a);
      cluster.awaitReady(Clusters.START, List.of(a));
      cluster.awaitMembers(3, Clusters.START, ProcessCluster.indices(3));

      assertThat(cluster.node(b).terminate(STOP)).as("exit of %s", nodeName(b)).isZero();
      cluster.awaitMembers(2, Clusters.START, List.of(a, h));
      for (int i : List.of(a, h)) {
        assertThat(cluster.client(i).call(counter, "read", CALL))
            .as("%s via %s: A=%s H=%s B=%s\n%s", counter, nodeName(i), nodeName(a), nodeName(h),
                nodeName(b), cluster.tails())
            .hasToString("8");
      }
    }
  }
}
