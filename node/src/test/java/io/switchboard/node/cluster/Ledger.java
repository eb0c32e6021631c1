package io.switchboard.node.cluster;

import io.grpc.Status;
import io.switchboard.testkit.NodeClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every counter must read, from the increments the cluster acknowledged: the model the
 * multi-process tests check reads against.
 *
 * <p>Per counter it keeps a range {@code [lo, hi]}: an acknowledged increment ({@code ack})
 * raises both ends; {@code UNAVAILABLE} raises neither (the router answers it before anything is
 * queued); {@code DEADLINE_EXCEEDED} raises only {@code hi} (the increment may or may not have
 * run). A read must fall in the range and then settles it. A read below {@code lo} is a lost
 * acknowledged increment; above {@code hi}, or far off, a stale copy answering. Any other
 * outcome of an increment is a violation too. Thread-safe.
 */
final class Ledger {
  private final Map<String, long[]> ranges = new TreeMap<>();
  private final List<String> violations = new ArrayList<>();
  private long acked;
  private long ambiguous;
  private long refused;

  /** Starts tracking {@code name} at value {@code value} (e.g. 0 after a restart from init). */
  synchronized void reset(String name, long value) {
    ranges.put(name, new long[] {value, value});
  }

  /** Records the outcome of an {@code increment} of {@code name} sent through {@code via}. */
  synchronized void increment(String name, String via, NodeClient.Result r) {
    long[] range = range(name);
    if (r.ok() && r.text().equals("ack")) {
      range[0]++;
      range[1]++;
      acked++;
    } else if (r.code() == Status.Code.DEADLINE_EXCEEDED) {
      range[1]++;
      ambiguous++;
    } else if (r.code() == Status.Code.UNAVAILABLE) {
      refused++;
    } else {
      violations.add("increment " + name + " via " + via + " -> " + r);
    }
  }

  /**
   * Checks a {@code read} of {@code name} through {@code via}: OK must be a value in the range,
   * a refusal must be {@code UNAVAILABLE} or {@code DEADLINE_EXCEEDED}. Returns whether it was a
   * value.
   */
  synchronized boolean read(String name, String via, NodeClient.Result r) {
    long[] range = range(name);
    if (!r.ok()) {
      if (r.code() != Status.Code.UNAVAILABLE && r.code() != Status.Code.DEADLINE_EXCEEDED) {
        violations.add("read " + name + " via " + via + " -> " + r);
      }
      return false;
    }
    long v;
    try {
      v = Long.parseLong(r.text());
    } catch (NumberFormatException e) {
      violations.add("read " + name + " via " + via + " -> not a number: " + r.text());
      return false;
    }
    if (v < range[0] || v > range[1]) {
      violations.add("read " + name + " via " + via + " -> " + v + ", expected "
          + (range[0] == range[1] ? range[0] : range[0] + ".." + range[1]));
      return true;
    }
    range[0] = v;
    range[1] = v;
    return true;
  }

  /** The value {@code name} must read when nothing is ambiguous, else -1. */
  synchronized long exact(String name) {
    long[] range = range(name);
    return range[0] == range[1] ? range[0] : -1;
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  synchronized long acked() {
    return acked;
  }

  synchronized long ambiguous() {
    return ambiguous;
  }

  synchronized long refused() {
    return refused;
  }

  private long[] range(String name) {
    long[] range = ranges.get(name);
    if (range == null) {
      throw new IllegalStateException("counter " + name + " is not tracked: reset it first");
    }
    return range;
  }
}
