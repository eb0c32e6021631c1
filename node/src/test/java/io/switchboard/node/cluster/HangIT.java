package io.switchboard.node.cluster;

import static io.switchboard.node.cluster.Clusters.CALL;
import static io.switchboard.testkit.ProcessCluster.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9 with real node processes: the owner of {@code counter-7} hangs ({@code kill -STOP});
 * the survivors take its names over within {@link #BUDGET} (failure detection plus the lease),
 * and after {@code kill -CONT} the old owner rejoins and never answers for what it held before.
 *
 * <p>As in {@link FailoverIT}, the counters are REPLICATED: the hung owner's names keep their
 * values on the new shard leaders, so the {@link Ledger} counts on across the pause. Every
 * increment after the pause raises the values past what the woken node held, so a read of its
 * old copy cannot pass.
 */
class HangIT {
  static final Duration BUDGET = Duration.ofSeconds(15);
  private static final Duration PROBE = Duration.ofSeconds(2);
  /** Deadline of a probe of the woken node: short, to sample its first moments densely. */
  private static final Duration WOKEN_PROBE = Duration.ofMillis(500);
  /** How long the woken node is probed after every node lists three members again. */
  private static final Duration AFTER_JOIN = Duration.ofSeconds(1);

  @Test
  @Timeout(180)
  void owner_sigstopThenSigcont_survivorsTakeOverAndOneCopyAfterRejoin(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = Clusters.start(Clusters.workDir(test), 3, 3, 3)) {
      Ledger ledger = new Ledger();
      List<String> names = Counters.names(8);
      Hang hang = hangOwnerOfCounter7(cluster, ledger, names);

      cluster.node(hang.victim).resume();
      long t1 = System.nanoTime();
      cluster.awaitMembers(3, Clusters.START, ProcessCluster.indices(3));
      cluster.awaitReady(Clusters.START, List.of(hang.victim));
      System.out.printf("[HangIT] kill -CONT of %s: ready with 3 members everywhere after %d ms%n",
          nodeName(hang.victim), (System.nanoTime() - t1) / 1_000_000);
      for (String n : names) {
        for (int i : ProcessCluster.indices(3)) {
          assertThat(cluster.client(i).call(n, "increment", CALL))
              .as("increment %s via %s after the rejoin", n, nodeName(i)).hasToString("ack");
        }
        List<String> reads = ProcessCluster.indices(3).stream()
            .map(i -> cluster.client(i).call(n, "read", CALL).toString()).toList();
        assertThat(reads).as("%s read via n1..n3: one copy", n).containsOnly(reads.get(0));
      }
      Counters.assertOneOwnerEach(cluster, names);
    }
  }

  @Test
  @Timeout(180)
  void owner_sigcont_wokenNodeNeverServesStaleCopyNorLosesIncrements(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = Clusters.start(Clusters.workDir(test), 3, 3, 3)) {
      Ledger ledger = new Ledger();
      List<String> names = Counters.names(8);
      Hang hang = hangOwnerOfCounter7(cluster, ledger, names);

      cluster.node(hang.victim).resume();
      long t1 = System.nanoTime();
      List<String> timeline = probeWoken(cluster, ledger, hang.victim, names);
      System.out.printf("[HangIT] kill -CONT of %s: probed it directly until 3 members "
          + "everywhere (+1 s), %d ms%n", nodeName(hang.victim),
          (System.nanoTime() - t1) / 1_000_000);
      timeline.forEach(line -> System.out.println("[HangIT]   " + line));
      assertThat(ledger.violations()).as("reads and increments through the woken node")
          .isEmpty();

      Counters.exercise(cluster, ledger, names, ProcessCluster.indices(3));
      Counters.assertOneOwnerEach(cluster, names);
      System.out.printf("[HangIT] ledger: %d acknowledged, %d refused, %d timed out%n",
          ledger.acked(), ledger.refused(), ledger.ambiguous());
      assertThat(ledger.violations()).isEmpty();
    }
  }

  /** The paused node and the others. */
  private record Hang(int victim, List<Integer> survivors) {}

  /**
   * Fills the counters, pauses the owner of {@code counter-7}, times the first increment a
   * survivor acknowledges, waits for the survivors' two-member view and exercises every counter
   * through them (checked against the ledger).
   */
  private static Hang hangOwnerOfCounter7(ProcessCluster cluster, Ledger ledger,
      List<String> names) {
    Counters.fill(cluster, ledger, names);
    int victim = ProcessCluster.indexOf(Clusters.whereIs(cluster, 0, "counter-7"));
    List<Integer> survivors = Counters.others(victim);

    cluster.node(victim).pause();
    long t0 = System.nanoTime();
    long took = Counters.firstSuccess(cluster, ledger, survivors.get(0), PROBE, BUDGET, t0);
    System.out.printf("[HangIT] kill -STOP of %s (owner of counter-7): first successful call "
        + "through %s after %d ms%n", nodeName(victim), nodeName(survivors.get(0)),
        took / 1_000_000);
    cluster.awaitMembers(2, Clusters.START, survivors);
    Counters.exercise(cluster, ledger, names, survivors);
    return new Hang(victim, survivors);
  }

  /**
   * From the moment the paused node resumes until every node lists three members, and
   * {@link #AFTER_JOIN} more: reads and increments straight through the woken node, one thread
   * per name so that many activations meet the view change. Each answer goes to the ledger (a
   * refusal, or a value agreeing with it); returns one line per probe, in time order.
   */
  private static List<String> probeWoken(ProcessCluster cluster, Ledger ledger, int woken,
      List<String> names) throws InterruptedException {
    long t1 = System.nanoTime();
    AtomicBoolean done = new AtomicBoolean();
    List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    NodeClient c = cluster.client(woken);
    ExecutorService pool = Executors.newFixedThreadPool(names.size());
    try {
      for (String n : names) {
        pool.execute(() -> {
          while (!done.get()) {
            long at = System.nanoTime() - t1;
            NodeClient.Result read = c.call(n, "read", WOKEN_PROBE);
            ledger.read(n, nodeName(woken), read);
            NodeClient.Result inc = c.call(n, "increment", WOKEN_PROBE);
            ledger.increment(n, nodeName(woken), inc);
            timeline.add(String.format("+%05d ms %s read=%s increment=%s", at / 1_000_000, n,
                read.ok() ? read.text() : read.code(), inc.ok() ? inc.text() : inc.code()));
          }
        });
      }
      cluster.awaitMembers(3, Clusters.START, ProcessCluster.indices(3));
      long joined = System.nanoTime();
      cluster.await(AFTER_JOIN.multipliedBy(2)).until("probes after the rejoin",
          () -> System.nanoTime() - joined > AFTER_JOIN.toNanos());
    } finally {
      done.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("probes stopped").isTrue();
    }
    List<String> sorted = new ArrayList<>(timeline);
    Collections.sort(sorted);
    return sorted;
  }
}
