package io.switchboard.node.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ledger of {@link ReplicatedStateIT}: per counter, how many increments were sent and how
 * many the cluster acknowledged, and (with request ids) which ids were acknowledged. For
 * REPLICATED counters an acknowledged increment is committed on a majority, so after any fault
 * a counter must read at least its acknowledged count, and at most what was sent (a reply lost
 * after the commit leaves one more); with request ids, exactly its distinct acknowledged ids.
 *
 * <p>Thread-safe. A counter is written by one writer thread at a time, so {@link #acked} read
 * before a read is sent is a floor that read must reach (a read is linearizable).
 */
final class Acks {
  private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> acked = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> ids = new ConcurrentHashMap<>();
  private final List<String> violations = new ArrayList<>();

  Acks(List<String> counters) {
    for (String c : counters) {
      sent.put(c, new AtomicLong());
      acked.put(c, new AtomicLong());
      ids.put(c, ConcurrentHashMap.newKeySet());
    }
  }

  /** An increment of {@code counter} is about to be sent (a first attempt, not a retry). */
  void send(String counter) {
    of(sent, counter).incrementAndGet();
  }

  /** An increment of {@code counter} (with {@code id}, or null) was acknowledged. */
  void acked(String counter, String id) {
    if (id != null && !of(ids, counter).add(id)) {
      return; // an id acknowledged twice is still one increment
    }
    of(acked, counter).incrementAndGet();
  }

  /** Something no run may see: a wrong reply, a stale read, a lost increment. */
  synchronized void violation(String what) {
    if (violations.size() < 1000) {
      violations.add(what);
    }
  }

  long acked(String counter) {
    return of(acked, counter).get();
  }

  long sent(String counter) {
    return of(sent, counter).get();
  }

  long ackedTotal() {
    return acked.values().stream().mapToLong(AtomicLong::get).sum();
  }

  long sentTotal() {
    return sent.values().stream().mapToLong(AtomicLong::get).sum();
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /**
   * The counters whose {@code values} fall below their acknowledged count ({@code name -> "value
   * < acked"}): acknowledged increments that were lost. A missing value counts as lost.
   */
  Map<String, String> lost(Map<String, Long> values) {
    Map<String, String> out = new TreeMap<>();
    acked.forEach((c, a) -> {
      Long v = values.get(c);
      if (v == null || v < a.get()) {
        out.put(c, v + " < " + a.get());
      }
    });
    return out;
  }

  /** The counters whose {@code values} differ from their acknowledged count. */
  Map<String, String> notExact(Map<String, Long> values) {
    Map<String, String> out = new TreeMap<>();
    acked.forEach((c, a) -> {
      Long v = values.get(c);
      if (v == null || v != a.get()) {
        out.put(c, v + " != " + a.get());
      }
    });
    return out;
  }

  /** The counters whose {@code values} exceed the increments sent: an increment applied twice. */
  Map<String, String> overSent(Map<String, Long> values) {
    Map<String, String> out = new LinkedHashMap<>();
    sent.forEach((c, s) -> {
      Long v = values.get(c);
      if (v != null && v > s.get()) {
        out.put(c, v + " > " + s.get());
      }
    });
    return out;
  }

  private static <T> T of(Map<String, T> map, String counter) {
    T t = map.get(counter);
    if (t == null) {
      throw new IllegalStateException("counter " + counter + " is not in this ledger");
    }
    return t;
  }
}
