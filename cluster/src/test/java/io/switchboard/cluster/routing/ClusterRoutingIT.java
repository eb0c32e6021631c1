package io.switchboard.cluster.routing;

import java.nio.charset.StandardCharsets;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.Promise;
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

  /**
   * A deferred reply slower than a forward attempt's bound (1 s): the leader acknowledged the
   * input, so the forwarding node waits within the caller's deadline instead of retrying — a
   * retry would have stepped {@code wait} twice (OTP: a call is delivered once).
   */
  @Test
  void deferredReply_slowerThanTheAttemptBound_forwardedOnce_answeredLater() throws Exception {
    try (TestCluster c = new TestCluster(3, 3)) {
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      c.awaitReady(3);
      String owner = c.nodes.get(0).cluster.router().whereIs("gate-1").orThrow().node();
      TestCluster.TestNode via = c.nodes.stream().filter(n -> !n.name.equals(owner))
          .findFirst().orElseThrow();
      Promise<byte[]> waiting = via.cluster.router().call("gate-1",
          "wait".getBytes(StandardCharsets.UTF_8), Deadline.after(Duration.ofSeconds(10)));
      Thread.sleep(ClusterRouter.ATTEMPT_MILLIS + 500); // deliberate: outlast one attempt's bound
      assertThat(waiting.isDone()).isFalse();
      assertThat(via.callText("gate-1", "open")).as("one waiter: the call was not retried")
          .isEqualTo("released 1");
      assertThat(new String(waiting.await(Deadline.after(Duration.ofSeconds(5)),
          IdleStrategy.DEFAULT).orThrow(), StandardCharsets.UTF_8)).isEqualTo("opened for 1");
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
      // the newcomer took the replicas it ranks highest for; the members it displaced let go
      Await.until("4 shards x 3 replicas over 4 nodes, n4 among them", Duration.ofSeconds(60),
          () -> c.nodes.stream().mapToInt(n -> n.cluster.replicas().hosted().size()).sum() == 12
              && !c.node("n4").cluster.replicas().hosted().isEmpty());
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

  @Test
  void memberGoneLongerThanReplaceAfter_isReplaced_soTheShardsSurviveASecondLoss()
      throws Exception {
    try (TestCluster c = new TestCluster(3, 4, Duration.ofSeconds(2))) {
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      c.awaitReady(3);
      List<String> names = List.of("counter-21", "counter-22", "counter-23", "counter-24",
          "counter-25", "counter-26", "counter-27", "counter-28");
      for (String n : names) {
        c.nodes.get(0).callText(n, "increment");
      }
      TestCluster.TestNode joiner = c.start(3);
      c.awaitReady(4);
      // the newcomer is added to the shards it ranks highest for (rendezvous over four)
      Await.until("n4 hosts replicas", Duration.ofSeconds(60),
          () -> !joiner.cluster.replicas().hosted().isEmpty());
      c.node("n1").crash();
      // with n1 out of the view for 2 s, each shard's leader replaces it: n2, n3, n4 everywhere
      Await.until("every shard on n2, n3, n4", Duration.ofSeconds(90),
          () -> configurations(c).equals(Set.of(Set.of("n2", "n3", "n4"))));
      c.node("n2").crash();
      // n3 and n4 are a majority of every shard: nothing acknowledged is lost
      for (String n : names) {
        Reply<byte[]> r = c.node("n3").call(n, "read", Duration.ofSeconds(30));
        assertThat(r.isOk()).as("%s after losing n1 and n2: %s", n, r).isTrue();
        assertThat(new String(r.orThrow(), java.nio.charset.StandardCharsets.UTF_8)).as(n)
            .isEqualTo("1");
      }
    }
  }

  @Test
  void memberBackAfterBeingReplaced_isAddedBackAndCaughtUp() throws Exception {
    try (TestCluster c = new TestCluster(3, 4, Duration.ofSeconds(2))) {
      for (int i = 0; i < 4; i++) {
        c.start(i);
      }
      c.awaitReady(4);
      List<String> names = List.of("counter-31", "counter-32", "counter-33", "counter-34",
          "counter-35", "counter-36");
      for (String n : names) {
        c.nodes.get(0).callText(n, "increment");
      }
      Set<Set<String>> withN1 = placements("n1", "n2", "n3", "n4");
      assertThat(withN1).as("n1 ranks among the 3 of some shard").anyMatch(r -> r.contains("n1"));
      Await.until("every shard placed over n1..n4", Duration.ofSeconds(90),
          () -> configurations(c).equals(withN1));
      c.node("n1").crash();
      // n1 gone for 2 s: n4 takes its replicas (and then hosts every shard)
      Await.until("every shard on n2, n3, n4", Duration.ofSeconds(90),
          () -> configurations(c).equals(Set.of(Set.of("n2", "n3", "n4"))));
      for (String n : names) {
        c.node("n2").callText(n, "increment"); // n1 misses these
      }
      // n1 restarts with its data dir (replicas Raft left out of their groups): it is added back
      // where it ranks among the 3, its stale replicas are removed, the new ones catch up
      c.start(0);
      c.awaitReady(4);
      Await.until("every shard placed over n1..n4 again", Duration.ofSeconds(90),
          () -> configurations(c).equals(withN1));
      c.node("n4").crash();
      // every shard that has n1 now needs it for a majority: it must have caught up
      for (String n : names) {
        Reply<byte[]> r = c.node("n1").call(n, "read", Duration.ofSeconds(30));
        assertThat(r.isOk()).as("%s via n1 after losing n4: %s", n, r).isTrue();
        assertThat(new String(r.orThrow(), java.nio.charset.StandardCharsets.UTF_8)).as(n)
            .isEqualTo("2");
      }
    }
  }

  /** The distinct replica sets of the four shards placed over {@code members} (3 each). */
  private static Set<Set<String>> placements(String... members) {
    List<io.switchboard.cluster.membership.Member> over = new java.util.ArrayList<>();
    for (int i = 0; i < members.length; i++) {
      over.add(new io.switchboard.cluster.membership.Member(members[i], "127.0.0.1", 1 + i,
          100 + i));
    }
    io.switchboard.cluster.shard.Shards layout = new io.switchboard.cluster.shard.Shards(4, 3);
    Set<Set<String>> out = new HashSet<>();
    for (io.switchboard.cluster.shard.ShardId s : layout.all()) {
      Set<String> names = new HashSet<>();
      layout.replicasOf(s, over).forEach(m -> names.add(m.name()));
      out.add(names);
    }
    return out;
  }

  /** The distinct replica sets of the four shards, as their leaders see them (empty if unsure). */
  private static Set<Set<String>> configurations(TestCluster c) {
    Set<Set<String>> out = new HashSet<>();
    for (int s = 0; s < 4; s++) {
      io.switchboard.cluster.shard.ShardId shard = new io.switchboard.cluster.shard.ShardId(s);
      Set<String> conf = null;
      for (TestCluster.TestNode n : c.nodes) {
        if (n.cluster.replicas().isLeader(shard)) {
          conf = n.cluster.replicas().configuration(shard).map(ps -> {
            Set<String> names = new HashSet<>();
            ps.forEach(p -> names.add(p.member()));
            return names;
          }).orElse(null);
        }
      }
      if (conf == null) {
        return Set.of();
      }
      out.add(conf);
    }
    return out;
  }

  private static void assertOneOwnerEach(TestCluster c, List<String> names) {
    Await.until("at most one node running each name", Duration.ofSeconds(10),
        () -> names.stream().allMatch(n -> c.nodes.stream()
            .filter(node -> node.servers.loops.status(n) != null).count() <= 1));
  }
}
