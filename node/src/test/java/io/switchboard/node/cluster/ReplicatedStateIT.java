package io.switchboard.node.cluster;

import static io.switchboard.testkit.ProcessCluster.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14's acceptance with real node processes running Raft shards ({@code --shards 8}, 3
 * replicas): the demo's counters are REPLICATED, so an increment is acknowledged only once it is
 * committed on a majority, and no fault a majority survives may lose one.
 *
 * <p>Writers ({@link Writers}) keep incrementing many counters through every node that is up and
 * record each acknowledgement in {@link Acks}; the faults are real ({@code kill -9}, {@code kill
 * -STOP}/{@code -CONT}, SIGTERM of every node); afterwards every counter is read back through
 * the nodes ({@link Reads}), which is the only evidence trusted. Without request ids a counter
 * must read at least its acknowledged count (a reply lost after the commit leaves one more);
 * with request ids and retries of the same id, exactly its distinct acknowledged ids. Every read
 * during the run must be at least what was acknowledged before it was sent (no stale reads).
 *
 * <p>The victim of a fault is the node that {@code whereis} names for the most counters: the
 * leader of the most shards. Waits are conditions ("every counter acknowledged again"), not
 * sleeps; only the pause itself lasts a fixed 10 s.
 */
class ReplicatedStateIT {
  /** Every shard has a leader and answers, after a start or a fault, within this. */
  private static final Duration SETTLE = Duration.ofSeconds(60);
  /** After a fault every counter is acknowledged again within this. */
  private static final Duration RECOVER = Duration.ofSeconds(30);
  private static final Duration STOP = Duration.ofSeconds(30);
  private static final Duration PAUSE = Duration.ofSeconds(10);
  private static final int WRITERS = 4;

  @Test
  @Timeout(180)
  void leaderKill9_underLoad_noAcknowledgedIncrementLost_alsoReadThroughItAfterRestart(
      TestInfo test) throws Exception {
    try (ProcessCluster cluster = Clusters.start(Clusters.workDir(test), 3, 3, 3)) {
      List<String> counters = names("a", 200);
      Acks acks = new Acks(counters);
      Reads.all(cluster, acks, 0, counters, SETTLE);
      int victim = leaderOfMost(cluster, counters);
      List<Integer> survivors = others(3, victim);
      try (Writers writers = new Writers(cluster, acks, counters, 3, WRITERS, null)) {
        writers.start();
        awaitEveryCounterAcked(cluster, acks, counters, "before the kill");
        writers.down(victim);
        cluster.node(victim).kill9();
        long t0 = System.nanoTime();
        awaitEveryCounterAcked(cluster, acks, counters, "through the survivors after kill -9 of "
            + nodeName(victim));
        writers.stop();
        log("a: kill -9 of %s (leader of most counters); every counter acknowledged again after "
            + "%d ms; %d sent, %d acknowledged, failed attempts %s", nodeName(victim),
            millisSince(t0), acks.sentTotal(), acks.ackedTotal(), writers.failures());
      }
      Map<String, Long> values = Reads.all(cluster, acks, survivors.get(0), counters, SETTLE);
      assertThat(acks.lost(values)).as("counters below their acknowledged count via %s\n%s",
          nodeName(survivors.get(0)), cluster.tails()).isEmpty();
      assertThat(Reads.differences(values,
              Reads.all(cluster, acks, survivors.get(1), counters, SETTLE)))
          .as("reads via %s vs %s", nodeName(survivors.get(0)), nodeName(survivors.get(1)))
          .isEmpty();
      log("a: %d counters above their acknowledged count (reply lost after the commit); "
          + "above what was sent (applied twice): %s", aboveAcked(acks, values),
          acks.overSent(values));

      long t1 = System.nanoTime();
      cluster.start(victim);
      cluster.awaitReady(Clusters.START, List.of(victim));
      cluster.awaitMembers(3, Clusters.START, ProcessCluster.indices(3));
      assertThat(Reads.differences(values, Reads.all(cluster, acks, victim, counters, SETTLE)))
          .as("reads via the restarted %s vs the survivors", nodeName(victim)).isEmpty();
      log("a: %s restarted with its data dir and read every counter as the survivors after %d ms",
          nodeName(victim), millisSince(t1));
      assertThat(acks.violations()).isEmpty();
    }
  }

  @Test
  @Timeout(210)
  void requestIdsAndRetries_kill9OfALeader_everyCounterEqualsItsAcknowledgedIds(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = Clusters.start(Clusters.workDir(test), 5, 5, 5)) {
      List<String> counters = names("b", 100);
      Acks acks = new Acks(counters);
      Reads.all(cluster, acks, 0, counters, SETTLE);
      int victim = leaderOfMost(cluster, counters);
      List<Integer> survivors = others(5, victim);
      try (Writers writers = new Writers(cluster, acks, counters, 5, WRITERS, "b-")) {
        writers.start();
        awaitEveryCounterAcked(cluster, acks, counters, "before the kill");
        cluster.node(victim).kill9(); // the writers keep choosing it: UNAVAILABLE, then retry
        long t0 = System.nanoTime();
        awaitEveryCounterAcked(cluster, acks, counters, "after kill -9 of " + nodeName(victim));
        writers.down(victim);
        writers.stop();
        int unresolved = writers.unresolved();
        int resolved = writers.resolve(Writers.RETRY_BUDGET);
        log("b: kill -9 of %s; every counter acknowledged again after %d ms; %d ids, %d "
            + "acknowledged only on a later retry round (%d at stop); failed attempts %s",
            nodeName(victim), millisSince(t0), acks.sentTotal(), resolved, unresolved,
            writers.failures());
      }
      Map<String, Long> values = Reads.all(cluster, acks, survivors.get(0), counters, SETTLE);
      assertThat(acks.notExact(values)).as("counters != their acknowledged ids via %s\n%s",
          nodeName(survivors.get(0)), cluster.tails()).isEmpty();
      for (int i : survivors.subList(1, survivors.size())) {
        assertThat(Reads.differences(values, Reads.all(cluster, acks, i, counters, SETTLE)))
            .as("reads via %s vs %s", nodeName(i), nodeName(survivors.get(0))).isEmpty();
      }

      // the same id through two different nodes: applied once, both answer "ack"
      List<String> some = counters.subList(0, 20);
      for (String c : some) {
        for (int via : survivors.subList(0, 2)) {
          NodeClient.Result r = cluster.await(RECOVER).until("ack of dup-" + c + " via "
                  + nodeName(via),
              () -> cluster.client(via).call(c, "increment", "dup-" + c, Writers.DEADLINE),
              NodeClient.Result::ok);
          assertThat(r.text()).as("increment %s id dup-%s via %s", c, c, nodeName(via))
              .isEqualTo("ack");
          acks.acked(c, "dup-" + c);
        }
      }
      assertThat(acks.notExact(Reads.all(cluster, acks, survivors.get(2), counters, SETTLE)))
          .as("after sending one id twice to %s, via %s", some, nodeName(survivors.get(2)))
          .isEmpty();
      assertThat(acks.violations()).isEmpty();
    }
  }

  @Test
  @Timeout(180)
  void leaderSigstop10s_writesGoOnThroughOthers_wokenNodeServesNothingStaleAndLosesNothing(
      TestInfo test) throws Exception {
    try (ProcessCluster cluster = Clusters.start(Clusters.workDir(test), 3, 3, 3)) {
      List<String> counters = names("c", 60);
      Acks acks = new Acks(counters);
      Reads.all(cluster, acks, 0, counters, SETTLE);
      int victim = leaderOfMost(cluster, counters);
      long viaWoken;
      try (Writers writers = new Writers(cluster, acks, counters, 3, WRITERS, null)) {
        writers.start();
        awaitEveryCounterAcked(cluster, acks, counters, "before the pause");
        writers.down(victim);
        cluster.node(victim).pause();
        long t0 = System.nanoTime();
        Map<String, Long> before = snapshot(acks, counters);
        cluster.await(PAUSE.plus(RECOVER)).until(PAUSE.toSeconds() + " s paused and every counter"
                + " acknowledged through the others",
            () -> System.nanoTime() - t0 >= PAUSE.toNanos() && ackedSince(acks, before));
        long recovered = writers.ackedVia(others(3, victim).get(0));

        cluster.node(victim).resume();
        long t1 = System.nanoTime();
        viaWoken = writers.ackedVia(victim);
        writers.up(victim);
        Set<String> read = probeWoken(cluster, acks, victim, counters);
        writers.stop();
        viaWoken = writers.ackedVia(victim) - viaWoken;
        log("c: kill -STOP of %s for %d ms (%d acknowledged via %s meanwhile); after kill -CONT "
            + "every counter read through it and acknowledged again after %d ms, %d increments "
            + "acknowledged by it; failed attempts %s", nodeName(victim), (t1 - t0) / 1_000_000,
            recovered, nodeName(others(3, victim).get(0)), millisSince(t1), viaWoken,
            writers.failures());
        assertThat(read).hasSameSizeAs(counters);
      }
      assertThat(acks.violations()).as("stale reads or errors during the run").isEmpty();
      Map<String, Long> values = Reads.all(cluster, acks, victim, counters, SETTLE);
      assertThat(acks.lost(values)).as("counters below their acknowledged count via the woken "
          + "%s\n%s", nodeName(victim), cluster.tails()).isEmpty();
      for (int i : others(3, victim)) {
        assertThat(Reads.differences(values, Reads.all(cluster, acks, i, counters, SETTLE)))
            .as("reads via the woken %s vs %s", nodeName(victim), nodeName(i)).isEmpty();
      }
      assertThat(viaWoken).as("increments the woken node acknowledged after kill -CONT")
          .isPositive();
      assertThat(acks.violations()).isEmpty();
    }
  }

  @Test
  @Timeout(300)
  void wholeClusterRestarted_afterSigtermAndAfterKill9_everyCounterKeepsItsValue(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = Clusters.start(Clusters.workDir(test), 3, 3, 3)) {
      List<Integer> all = ProcessCluster.indices(3);
      List<String> counters = names("d", 40);
      Acks acks = new Acks(counters);
      Reads.all(cluster, acks, 0, counters, SETTLE);
      write(cluster, acks, counters, "d1-");

      long t0 = System.nanoTime();
      Map<Integer, Integer> exits = cluster.terminateAll(STOP);
      assertThat(exits).as("exit codes after SIGTERM to all\n%s", cluster.tails())
          .containsOnlyKeys(all).allSatisfy((i, code) -> assertThat(code).isZero());
      cluster.startAll();
      cluster.awaitFormed(Clusters.START, all);
      assertExact(cluster, acks, counters, all, "after SIGTERM to all and a start");
      log("d: SIGTERM to all 3, start, ready and every counter exact after %d ms",
          millisSince(t0));

      write(cluster, acks, counters, "d2-");
      long t1 = System.nanoTime();
      for (int i : all) {
        cluster.node(i).kill9();
      }
      cluster.startAll();
      cluster.awaitFormed(Clusters.START, all);
      assertExact(cluster, acks, counters, all, "after kill -9 of all and a start");
      log("d: kill -9 of all 3, start, ready and every counter exact after %d ms; %d increments",
          millisSince(t1), acks.ackedTotal());
      assertThat(acks.violations()).isEmpty();
    }
  }

  /**
   * Increments with request ids (prefix {@code ids}) until every counter was acknowledged at
   * least three more times, then settles every id left open: afterwards each counter's count in
   * {@code acks} is exact.
   */
  private static void write(ProcessCluster cluster, Acks acks, List<String> counters,
      String ids) {
    try (Writers writers = new Writers(cluster, acks, counters, cluster.size(), 3, ids)) {
      writers.start();
      for (int round = 0; round < 3; round++) {
        awaitEveryCounterAcked(cluster, acks, counters, "round " + round + " of " + ids);
      }
      writers.stop();
      writers.resolve(Writers.RETRY_BUDGET);
      log("d: %s: %d increments acknowledged in all; failed attempts with no fault %s", ids,
          acks.ackedTotal(), writers.failures());
    }
  }

  private static void assertExact(ProcessCluster cluster, Acks acks, List<String> counters,
      List<Integer> via, String when) {
    for (int i : via) {
      assertThat(acks.notExact(Reads.all(cluster, acks, i, counters, SETTLE)))
          .as("counters != their acknowledged count via %s %s\n%s", nodeName(i), when,
              cluster.tails()).isEmpty();
    }
  }

  /**
   * From kill -CONT on: reads every counter through the woken node (each read checked against the
   * acknowledgements before it) until each has answered once and each was acknowledged again
   * (the writers use the woken node too); returns the counters read.
   */
  private static Set<String> probeWoken(ProcessCluster cluster, Acks acks, int woken,
      List<String> counters) {
    Map<String, Long> before = snapshot(acks, counters);
    Set<String> read = ConcurrentHashMap.newKeySet();
    int[] next = {0};
    cluster.await(Clusters.START).pollEvery(Duration.ofMillis(1)).until("every counter read "
            + "through the woken " + nodeName(woken) + " and acknowledged again",
        () -> {
          String c = counters.get(next[0]++ % counters.size());
          if (!read.contains(c) && Reads.once(cluster, acks, woken, c, Reads.ATTEMPT) >= 0) {
            read.add(c);
          }
          return read.size() == counters.size() && ackedSince(acks, before);
        });
    return read;
  }

  /** Waits until every counter has one more acknowledged increment than now. */
  private static void awaitEveryCounterAcked(ProcessCluster cluster, Acks acks,
      List<String> counters, String what) {
    Map<String, Long> before = snapshot(acks, counters);
    cluster.await(RECOVER).until("every counter acknowledged " + what,
        () -> notAckedSince(acks, before), List::isEmpty);
  }

  private static Map<String, Long> snapshot(Acks acks, List<String> counters) {
    Map<String, Long> out = new HashMap<>();
    counters.forEach(c -> out.put(c, acks.acked(c)));
    return out;
  }

  private static boolean ackedSince(Acks acks, Map<String, Long> before) {
    return notAckedSince(acks, before).isEmpty();
  }

  /** The counters (a few of them) not acknowledged since {@code before}. */
  private static List<String> notAckedSince(Acks acks, Map<String, Long> before) {
    return before.entrySet().stream().filter(e -> acks.acked(e.getKey()) <= e.getValue())
        .map(Map.Entry::getKey).sorted().limit(5).toList();
  }

  private static long aboveAcked(Acks acks, Map<String, Long> values) {
    return values.entrySet().stream().filter(e -> e.getValue() > acks.acked(e.getKey())).count();
  }

  /**
   * The node {@code whereis} (asked on n1) names for most of {@code counters}: the leader of the
   * most shards among them.
   */
  private static int leaderOfMost(ProcessCluster cluster, List<String> counters) {
    Map<String, Long> byNode = counters.stream()
        .map(c -> cluster.client(0).whereIs(c, Clusters.CALL))
        .filter(NodeClient.Result::ok)
        .collect(Collectors.groupingBy(NodeClient.Result::text, TreeMap::new,
            Collectors.counting()));
    log("counters served by node: %s", byNode);
    return byNode.entrySet().stream().max(Map.Entry.comparingByValue())
        .map(e -> ProcessCluster.indexOf(e.getKey())).orElse(0);
  }

  private static List<String> names(String tag, int n) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add("counter-" + tag + k);
    }
    return out;
  }

  private static List<Integer> others(int size, int victim) {
    return ProcessCluster.indices(size).stream().filter(i -> i != victim).toList();
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static void log(String format, Object... args) {
    System.out.printf("[ReplicatedStateIT] " + format + "%n", args);
  }
}
