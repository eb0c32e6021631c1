package io.switchboard.cluster.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.jgroups.JGroupsFaults;
import io.switchboard.supervisor.Reply;
import io.switchboard.testkit.Await;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Routing to shard leaders, replicated state across failover, joins, leaves and JGroups splits on
 * real in-JVM nodes (JGroups + gRPC + Ratis, 4 shards of 3 replicas; counters are REPLICATED).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ClusterRoutingIT {

  @Test
  void counter_calledThroughEveryNode_isOneCounter_andWhereIsAgrees() throws Exception {
    try (TestCluster c = new TestCluster(3, 3)) {
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      c.awaitReady(3);
      for (TestCluster.TestNode n : c.nodes) {
        assertThat(n.callText("counter-7", "increment")).isEqualTo("ack");
      }
      for (TestCluster.TestNode n : c.nodes) {
        assertThat(n.callText("counter-7", "read")).isEqualTo("3");
      }
      Set<String> owners = new HashSet<>();
      for (TestCluster.TestNode n : c.nodes) {
        owners.add(n.cluster.router().whereIs("counter-7").orThrow().node());
      }
      assertThat(owners).hasSize(1);
      assertThat(c.nodes.get(0).cluster.router().whereIs("nothing-1"))
          .isInstanceOf(Reply.NotFound.class);
      assertThat(c.nodes.get(1).call("nothing-1", "read", Duration.ofSeconds(2)))
          .isInstanceOf(Reply.NotFound.class);
      // the step's own errors keep their mapping across the forwarding hop
      Reply<byte[]> bad = c.nodes.get(2).call("counter-7", "explode", Duration.ofSeconds(5));
      assertThat(bad).isInstanceOf(Reply.InvalidInput.class);
    }
  }

  @Test
  void join_newcomerServesEveryNameWithItsValue_andEachNameHasOneOwner() throws Exception {
    try (TestCluster c = new TestCluster(3, 4)) {
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      c.awaitReady(3);
      List<String> names = List.of("counter-1", "counter-2", "counter-3", "counter-4",
          "counter-5", "counter-6", "counter-7", "counter-8", "counter-9", "counter-10");
      for (int k = 0; k < names.size(); k++) {
        for (int j = 0; j <= k; j++) {
          c.nodes.get(j % 3).callText(names.get(k), "increment");
        }
      }
      c.start(3);
      c.awaitReady(4);
      for (int k = 0; k < names.size(); k++) {
        for (TestCluster.TestNode n : c.nodes) {
          assertThat(n.callText(names.get(k), "read")).as(names.get(k) + " via " + n.name)
              .isEqualTo(Integer.toString(k + 1));
        }
      }
      assertOneOwnerEach(c, names);
    }
  }

  @Test
  void leaderCrash_survivorsServeTheNameWithItsCommittedValue() throws Exception {
    try (TestCluster c = new TestCluster(3, 3)) {
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      c.awaitReady(3);
      String name = "counter-7";
      c.nodes.get(0).callText(name, "increment");
      String owner = c.nodes.get(0).cluster.router().whereIs(name).orThrow().node();
      TestCluster.TestNode victim = c.nodes.stream().filter(n -> n.name.equals(owner))
          .findFirst().orElseThrow();
      victim.crash();
      TestCluster.TestNode survivor = c.nodes.get(0);
      // a call through a survivor succeeds within its deadline once the view drops the owner
      Reply<byte[]> r = survivor.call(name, "increment", Duration.ofSeconds(20));
      assertThat(r.isOk()).as("call after failover: %s", r).isTrue();
      assertThat(survivor.callText(name, "read")).as("the acknowledged increments").isEqualTo("2");
      assertThat(survivor.cluster.router().whereIs(name).orThrow().node()).isNotEqualTo(owner);
      assertThat(c.failovers).anyMatch(f -> f.endsWith("from " + owner));
      c.awaitReady(2);
      assertOneOwnerEach(c, List.of(name));
    }
  }

  @Test
  void membershipSplit_minorityNotReady_raftStillDecides_healedHasOneOwner() throws Exception {
    try (TestCluster c = new TestCluster(3, 3)) {
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      c.awaitReady(3);
      List<String> names = List.of("counter-1", "counter-2", "counter-3", "counter-4",
          "counter-5", "counter-6");
      for (String n : names) {
        c.nodes.get(0).callText(n, "increment");
      }
      TestCluster.TestNode a = c.nodes.get(0);
      TestCluster.TestNode b = c.nodes.get(1);
      TestCluster.TestNode lonely = c.nodes.get(2);
      try (JGroupsFaults.Partition p =
          JGroupsFaults.split(List.of(a.membership, b.membership), List.of(lonely.membership))) {
        Await.until("a 2-1 split", Duration.ofSeconds(30),
            () -> lonely.view().size() == 1 && a.view().size() == 2 && b.view().size() == 2);
        // only JGroups is split here: ownership is Raft's, whose links still work
        assertThat(lonely.cluster.notReadyReason()).isPresent();
        for (String n : names) {
          assertThat(a.call(n, "increment", Duration.ofSeconds(15)).isOk()).isTrue();
        }
        p.heal();
        c.awaitReady(3);
      }
      for (String n : names) {
        for (TestCluster.TestNode node : c.nodes) {
          assertThat(node.callText(n, "read")).as(n + " via " + node.name).isEqualTo("2");
        }
      }
      assertOneOwnerEach(c, names);
    }
  }

  @Test
  void gracefulLeave_remainingMajorityKeepsTheState() throws Exception {
    try (TestCluster c = new TestCluster(3, 3)) {
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      c.awaitReady(3);
      List<String> names = List.of("counter-11", "counter-12", "counter-13", "counter-14");
      for (String n : names) {
        c.nodes.get(0).callText(n, "increment");
        c.nodes.get(1).callText(n, "increment");
      }
      TestCluster.TestNode leaver = c.nodes.get(2);
      leaver.cluster.leave(Duration.ofSeconds(10));
      c.nodes.remove(leaver);
      leaver.close();
      c.awaitReady(2);
      for (String n : names) {
        assertThat(c.nodes.get(0).callText(n, "read")).as(n).isEqualTo("2");
      }
    }
  }

  private static void assertOneOwnerEach(TestCluster c, List<String> names) {
    Await.until("at most one node running each name", Duration.ofSeconds(10),
        () -> names.stream().allMatch(n -> c.nodes.stream()
            .filter(node -> node.servers.loops.status(n) != null).count() <= 1));
  }
}
