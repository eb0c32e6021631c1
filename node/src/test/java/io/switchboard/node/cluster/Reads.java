package io.switchboard.node.cluster;

import io.grpc.Status;
import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reading counters back through one node, the only evidence {@link ReplicatedStateIT} trusts.
 * Every read is checked against {@link Acks}: a value below the count acknowledged before the
 * read was sent is a stale read (reads are linearizable), an answer that is not a number or a
 * refusal other than {@code UNAVAILABLE}/{@code DEADLINE_EXCEEDED} is a violation.
 */
final class Reads {
  /** Deadline of one read attempt. */
  static final Duration ATTEMPT = Duration.ofSeconds(2);
  private static final Duration PAUSE = Duration.ofMillis(50);

  private Reads() {}

  /**
   * One read of {@code counter} through {@code via}: its value, or -1 when refused (then
   * retrying makes sense).
   */
  static long once(ProcessCluster cluster, Acks acks, int via, String counter, Duration timeout) {
    long floor = acks.acked(counter);
    NodeClient.Result r = cluster.client(via).call(counter, "read", timeout);
    String where = "read " + counter + " via " + ProcessCluster.nodeName(via);
    if (!r.ok()) {
      if (r.code() != Status.Code.UNAVAILABLE && r.code() != Status.Code.DEADLINE_EXCEEDED) {
        acks.violation(where + " -> " + r);
      }
      return -1;
    }
    long v;
    try {
      v = Long.parseLong(r.text());
    } catch (NumberFormatException e) {
      acks.violation(where + " -> not a number: " + r.text());
      return -1;
    }
    if (v < floor) {
      acks.violation(where + " -> " + v + ", stale: " + floor + " acknowledged before the read");
    }
    return v;
  }

  /**
   * Reads every counter through {@code via}, each retried until it answers a value; all within
   * {@code budget}, else fails with the counter, its last answer and the nodes' logs.
   */
  static Map<String, Long> all(ProcessCluster cluster, Acks acks, int via, List<String> counters,
      Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    Map<String, Long> values = new TreeMap<>();
    for (String c : counters) {
      Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
      long v = cluster.await(left).pollEvery(PAUSE).until("a value of " + c + " read via "
              + ProcessCluster.nodeName(via) + " (all within " + budget.toSeconds() + " s)",
          () -> once(cluster, acks, via, c, ATTEMPT), value -> value >= 0);
      values.put(c, v);
    }
    return values;
  }

  /** The entries on which two reads of the same counters differ, {@code name -> "a vs b"}. */
  static Map<String, String> differences(Map<String, Long> a, Map<String, Long> b) {
    Map<String, String> out = new LinkedHashMap<>();
    a.forEach((c, v) -> {
      if (!v.equals(b.get(c))) {
        out.put(c, v + " vs " + b.get(c));
      }
    });
    return out;
  }
}
