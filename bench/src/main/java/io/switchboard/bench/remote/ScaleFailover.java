package io.switchboard.bench.remote;

import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Failover of many names at once: on a formed cluster, finds {@code perNode} names led by each
 * node, activates each with one {@code increment} (with a request id, retried with the same id),
 * reads the victim's names once as a no-fault baseline, asks again who leads every name, then
 * kills the victim ({@code kill -9}) and reads every name it led at that moment through the
 * survivors until each answers. At most {@value
 * #IN_FLIGHT} calls are in flight at any time. One driver thread.
 */
final class ScaleFailover {
  /** Calls in flight at once, while activating and while polling. */
  static final int IN_FLIGHT = 64;
  /**
   * Bound of one read attempt. Longer than the probe trials' 100 ms: with thousands of names the
   * time to an answer is dominated by how fast the survivors serve them, and a 100 ms bound made
   * most attempts fail on a loaded machine even without a fault (every failed attempt is work
   * thrown away and a retry queued). An answer still counts when it comes, not at the bound.
   */
  static final Duration ATTEMPT = Duration.ofSeconds(1);
  private static final int ACTIVATE_ATTEMPTS = 3;
  private static final Duration ACTIVATE_CALL = Duration.ofSeconds(5);
  private static final Duration ACTIVATE_ALL = Duration.ofMinutes(10);

  private ScaleFailover() {}

  /**
   * Runs one measurement on {@code c}, killing node {@code victim}; {@code tag} keeps its names
   * apart from other runs'. Leaves the victim dead.
   *
   * @throws IllegalStateException when some node leads too few names (e.g. no shard at all)
   */
  static ScaleResult run(ProcessCluster c, int perNode, int victim, String tag) {
    Map<Integer, List<String>> owned = Owners.byOwner(c, "counter-scale-" + tag + "-", perNode,
        perNode * c.size() * 20 + 1_000);
    owned.forEach((i, names) -> {
      if (names.size() < perNode) {
        throw new IllegalStateException(c.node(i).name() + " leads only " + names.size()
            + " of the candidate names, not " + perNode + ": its shards' leaders are elsewhere");
      }
    });
    List<Integer> nodeOf = new ArrayList<>();
    List<String> all = new ArrayList<>();
    owned.forEach((i, names) -> names.forEach(n -> {
      all.add(n);
      nodeOf.add(i);
    }));
    List<Boolean> acked = Bounded.map(IntStream.range(0, all.size()).boxed().toList(),
        IN_FLIGHT, ACTIVATE_ALL, k -> activate(c.client(nodeOf.get(k)), all.get(k)));
    List<String> selected = new ArrayList<>();
    List<String> active = new ArrayList<>();
    for (int k = 0; k < all.size(); k++) {
      if (acked.get(k)) {
        active.add(all.get(k));
        if (nodeOf.get(k) == victim) {
          selected.add(all.get(k));
        }
      }
    }
    int unacknowledged = all.size() - active.size();
    List<Integer> survivors = IntStream.range(0, c.size()).filter(i -> i != victim).boxed()
        .toList();

    Poll sweep = poll(c, survivors, selected, System.nanoTime());
    // leadership may have moved since the names were picked: time the names the victim leads now
    List<String> owners = Owners.of(c, active);
    List<String> victims = IntStream.range(0, active.size())
        .filter(k -> owners.get(k).equals(c.node(victim).name())).mapToObj(active::get).toList();
    FailoverMetrics before = sum(FailoverMetrics.scrapeAllBut(c, victim));
    long t0 = System.nanoTime();
    c.node(victim).kill9();
    Poll after = poll(c, survivors, victims, t0);
    Map<String, Double> phases = sum(FailoverMetrics.scrapeAllBut(c, victim)).meanSince(before);
    System.out.println("bench: failover at scale, " + perNode + " names/node, kill -9 of "
        + c.node(victim).name() + ": " + after.answered().size() + " of " + victims.size()
        + " names answered, the last after " + Math.round(after.last() * 1000) + " ms (failed "
        + "attempts " + after.failures() + "; before the kill: " + Math.round(sweep.last() * 1000)
        + " ms, failed " + sweep.failures() + ")");
    return new ScaleResult(perNode, c.node(victim).name(), selected.size(), victims.size(),
        after.answered(), victims.size() - after.answered().size(), after.lost(), unacknowledged,
        sweep.answered(), sweep.failures(), after.attempts(), after.failures(), phases);
  }

  private static boolean activate(NodeClient via, String name) {
    for (int a = 0; a < ACTIVATE_ATTEMPTS; a++) {
      if (via.call(name, "increment", "scale-" + name, ACTIVATE_CALL).ok()) {
        return true;
      }
    }
    return false;
  }

  /**
   * What polling found.
   *
   * @param answered seconds from t0 to each name's first successful read, sorted
   * @param lost names whose first read showed no increment
   * @param attempts read attempts made
   * @param failures failed attempts by status code
   */
  private record Poll(List<Double> answered, List<String> lost, long attempts,
      Map<String, Long> failures) {
    double last() {
      return answered.isEmpty() ? 0 : answered.get(answered.size() - 1);
    }
  }

  /**
   * Reads every name through the survivors (alternating) until each has answered once, each
   * attempt bounded by {@link #ATTEMPT} and a failed one followed by a 2 ms pause, at most {@value
   * #IN_FLIGHT} at a time, for at most 60 s after {@code t0}.
   */
  private static Poll poll(ProcessCluster c, List<Integer> survivors, List<String> names,
      long t0) {
    Queue<Integer> pending = new ConcurrentLinkedQueue<>(
        IntStream.range(0, names.size()).boxed().toList());
    Queue<Double> answered = new ConcurrentLinkedQueue<>();
    Queue<String> lost = new ConcurrentLinkedQueue<>();
    AtomicLong attempts = new AtomicLong();
    Map<String, Long> failures = new java.util.concurrent.ConcurrentSkipListMap<>();
    long giveUp = t0 + OwnerFaults.GIVE_UP.toNanos();
    Bounded.run(Math.min(IN_FLIGHT, Math.max(1, names.size())),
        OwnerFaults.GIVE_UP.plusSeconds(10), () -> {
          for (Integer k = pending.poll(); k != null && System.nanoTime() < giveUp;
              k = pending.poll()) {
            NodeClient via = c.client(survivors.get(k % survivors.size()));
            attempts.incrementAndGet();
            NodeClient.Result r = via.call(names.get(k), "read", ATTEMPT);
            if (r.ok()) {
              answered.add((System.nanoTime() - t0) / 1e9);
              if (Counters.value(r) < 1) {
                lost.add(names.get(k) + " read " + r.text());
              }
            } else {
              failures.merge(r.code().name(), 1L, Long::sum);
              pending.add(k);
              pause();
            }
          }
        });
    return new Poll(answered.stream().sorted().toList(), List.copyOf(lost), attempts.get(),
        Map.copyOf(failures));
  }

  private static void pause() {
    try {
      Thread.sleep(OwnerFaults.RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static FailoverMetrics sum(Map<Integer, FailoverMetrics> byNode) {
    return byNode.values().stream().reduce(FailoverMetrics.EMPTY, FailoverMetrics::plus);
  }
}
