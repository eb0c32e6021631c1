package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.ChildCounts;
import io.switchboard.supervisor.ChildStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A supervisor's children: by id for any thread (lock-free lookups), and in start order for the
 * supervisor's own thread. Dynamic children ({@code simple_one_for_one}) have no order: they are
 * started one by one and stopped all at once, so only the map is kept (O(1) per child).
 */
final class Children {
  private final ConcurrentHashMap<String, ChildRecord> byId = new ConcurrentHashMap<>();
  private final ArrayList<ChildRecord> order;

  Children(boolean ordered) {
    this.order = ordered ? new ArrayList<>() : null;
  }

  ChildRecord get(String id) {
    return byId.get(id);
  }

  void add(ChildRecord rec) {
    byId.put(rec.id, rec);
    if (order != null) {
      order.add(rec);
    }
  }

  /** Removes {@code rec} if it is still the child under its id. */
  void remove(ChildRecord rec) {
    if (byId.remove(rec.id, rec) && order != null) {
      order.remove(rec);
    }
  }

  /** Start order (for dynamic children: unspecified). A copy. */
  List<ChildRecord> inOrder() {
    return order != null ? new ArrayList<>(order) : new ArrayList<>(byId.values());
  }

  /** Stop order: right to left. A copy. */
  List<ChildRecord> reversed() {
    List<ChildRecord> r = inOrder();
    java.util.Collections.reverse(r);
    return r;
  }

  /**
   * OTP's {@code count_children} now: every spec (dynamic children: their one template) and the
   * children running or starting. On the supervisor's own thread.
   */
  ChildCounts counts() {
    int active = 0;
    int sups = 0;
    int workers = 0;
    for (ChildRecord r : byId.values()) {
      active += r.status == ChildStatus.RUNNING || r.status == ChildStatus.STARTING ? 1 : 0;
      if (r.isWorker()) {
        workers++;
      } else {
        sups++;
      }
    }
    return new ChildCounts(order != null ? order.size() : 1, active, sups, workers);
  }

  /** False for dynamic children ({@code simple_one_for_one}). */
  boolean ordered() {
    return order != null;
  }

  int size() {
    return byId.size();
  }
}
