package io.switchboard.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.JarCli;
import io.switchboard.node.NodeJar;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ProcessCluster;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./switchboard kill} across nodes (OTP {@code exit(Pid, kill)}): asked of a node that
 * does not run the name, it reaches the owner (its shard's leader). A {@code NONE} counter is
 * restarted by its supervisor from {@code init} (the tree shows the restart and the exit); a
 * {@code REPLICATED} one comes back with its committed value, never with a state the log does
 * not hold.
 */
@Timeout(240)
class KillIT {

  @Test
  void kill_askedOfANonOwner_reachesTheOwner_supervisorRestartsIt(TestInfo test) throws Exception {
    try (ProcessCluster cluster = ProcessCluster.builder(3, Clusters.workDir(test))
        .expectedSize(3).jar(NodeJar.path()).jvmArgs(Clusters.NODE_JVM).shards(Clusters.SHARDS)
        .environment(Map.of("SWITCHBOARD_APP_COUNTER_DURABILITY", "none"))
        .form(3, Clusters.START)) {
      String name = "counter-killme";
      assertThat(cluster.client(0).call(name, "increment", Clusters.CALL).text()).isEqualTo("ack");
      String owner = Clusters.whereIs(cluster, 0, name);
      int via = (ProcessCluster.indexOf(owner) + 1) % 3;

      JarCli killed = JarCli.run("kill", "--target", cluster.node(via).target(), name);
      assertThat(killed.exit()).as(killed.err()).isZero();
      assertThat(killed.out()).isEqualTo(owner + " killed");

      // brutal: no terminate, so the restart from init does not see the increment
      Await.until(name + " answers after its restart", Clusters.START,
          () -> cluster.client(via).call(name, "read", Clusters.CALL).ok());
      assertThat(cluster.client(via).call(name, "read", Clusters.CALL).text()).isEqualTo("0");
      TreeNode child = cluster.client(ProcessCluster.indexOf(owner)).client().tree()
          .getRootsList().stream().map(r -> find(r, name)).flatMap(Optional::stream)
          .findFirst().orElseThrow();
      assertThat(child.getRestarts()).isEqualTo(1);
      assertThat(child.getLastExit()).isEqualTo("killed");

      JarCli missing = JarCli.run("kill", "--target", cluster.node(via).target(),
          "counter-never-started");
      assertThat(missing.exit()).isEqualTo(1);
      assertThat(missing.err()).startsWith("NOT_FOUND: ");
    }
  }

  @Test
  void kill_replicatedName_comesBackWithItsCommittedValue(TestInfo test) throws Exception {
    try (ProcessCluster cluster = Clusters.start(Clusters.workDir(test), 3, 3, 3)) {
      String name = "counter-durable-kill";
      for (int i = 0; i < 3; i++) {
        assertThat(cluster.client(i).call(name, "increment", Clusters.CALL).text())
            .isEqualTo("ack");
      }
      String owner = Clusters.whereIs(cluster, 0, name);
      int via = (ProcessCluster.indexOf(owner) + 2) % 3;
      JarCli killed = JarCli.run("kill", "--target", cluster.node(via).target(), name);
      assertThat(killed.exit()).as(killed.err()).isZero();
      assertThat(killed.out()).isEqualTo(owner + " killed");
      Await.until(name + " answers after the kill", Clusters.START,
          () -> cluster.client(via).call(name, "read", Clusters.CALL).ok());
      assertThat(cluster.client(via).call(name, "read", Clusters.CALL).text()).isEqualTo("3");
      assertThat(cluster.client(0).call(name, "increment", Clusters.CALL).text()).isEqualTo("ack");
      assertThat(cluster.client(1).call(name, "read", Clusters.CALL).text()).isEqualTo("4");
    }
  }

  private static Optional<TreeNode> find(TreeNode node, String name) {
    if (node.getName().equals(name)) {
      return Optional.of(node);
    }
    return node.getChildrenList().stream().map(c -> find(c, name)).flatMap(Optional::stream)
        .findFirst();
  }
}
