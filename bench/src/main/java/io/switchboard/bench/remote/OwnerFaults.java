package io.switchboard.bench.remote;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One probe trial: a counter led by the victim is incremented once through a survivor, the victim
 * is killed ({@code kill -9}) or frozen ({@code kill -STOP}), and {@code read} is called through
 * that survivor every 2 ms (100 ms deadline each) until it succeeds. Afterwards the victim is
 * started again or resumed and the cluster must converge. One driver thread.
 */
final class OwnerFaults {
  static final String KILL = "kill -9";
  static final String STOP = "kill -STOP";
  /** Bound of one call attempt: also the resolution of a failover time while the owner hangs. */
  static final Duration ATTEMPT = Duration.ofMillis(100);
  static final Duration RETRY_PAUSE = Duration.ofMillis(2);
  static final Duration GIVE_UP = Duration.ofSeconds(60);
  static final Duration CONVERGE = Duration.ofSeconds(90);

  private OwnerFaults() {}

  /**
   * Trial {@code t} of {@code fault}: the victim is node {@code t mod size}, or the next one that
   * leads a shard (a node started again does not necessarily lead any: leadership is not moved
   * back to it).
   */
  static FailoverTrial trial(ProcessCluster c, String fault, int t) throws IOException {
    String tag = fault.equals(KILL) ? "k" + t : "s" + t;
    int victim = t % c.size();
    String name = null;
    for (int k = 0; k < c.size() && name == null; k++) {
      victim = (t + k) % c.size();
      name = nameOwnedBy(c, victim, tag);
    }
    if (name == null) {
      throw new IllegalStateException("no node leads any of 1 000 names (" + tag + ")");
    }
    int survivor = (victim + 1) % c.size();
    NodeClient via = c.client(survivor);
    Nodes.ok(via.call(name, "increment", "probe-" + name, Duration.ofSeconds(5)),
        "increment " + name);
    Map<Integer, FailoverMetrics> before = FailoverMetrics.scrapeAllBut(c, victim);

    long t0 = System.nanoTime();
    if (fault.equals(KILL)) {
      c.node(victim).kill9();
    } else {
      c.node(victim).pause();
    }
    NodeClient.Result read = firstSuccess(via, name, t0);
    double seconds = (System.nanoTime() - t0) / 1e9;

    String newOwner = Nodes.owner(via, name);
    Map<String, Double> phases = new HashMap<>();
    before.forEach((i, m) -> {
      if (c.node(i).name().equals(newOwner)) {
        phases.putAll(FailoverMetrics.parse(c.node(i).metrics()).meanSince(m));
      }
    });
    double restart = 0;
    if (fault.equals(KILL)) {
      restart = c.restart(victim, Nodes.READY).toNanos() / 1e9;
    } else {
      c.node(victim).resume();
    }
    c.awaitFormed(CONVERGE, ProcessCluster.indices(c.size()));
    System.out.println("bench: failover " + fault + " #" + (t + 1) + " of "
        + c.node(victim).name() + ": " + Math.round(seconds * 1000) + " ms, read " + read.text());
    return new FailoverTrial(fault, c.node(victim).name(), newOwner, seconds, phases, restart,
        Counters.value(read) < 1);
  }

  /** A name whose shard {@code victim} leads, or null when none of 1 000 candidates is. */
  private static @Nullable String nameOwnedBy(ProcessCluster c, int victim, String tag) {
    String owner = c.node(victim).name();
    for (int i = 0; i < 1_000; i++) {
      String name = "counter-failover-" + tag + "-" + i;
      if (Nodes.owner(c.client((victim + 1) % c.size()), name).equals(owner)) {
        return name;
      }
    }
    return null;
  }

  /**
   * Calls {@code read} until one succeeds (each attempt bounded by 100 ms, 2 ms apart), for at
   * most 60 s after t0; fails with the last error.
   */
  private static NodeClient.Result firstSuccess(NodeClient via, String name, long t0) {
    Duration left = GIVE_UP.minusNanos(System.nanoTime() - t0);
    return Await.atMost(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left)
        .pollEvery(RETRY_PAUSE).until("a successful read of " + name + " within "
            + GIVE_UP.toSeconds() + " s of the fault", () -> via.call(name, "read", ATTEMPT),
            NodeClient.Result::ok);
  }
}
