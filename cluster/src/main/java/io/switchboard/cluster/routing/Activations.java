package io.switchboard.cluster.routing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which cluster-scoped names this node serves, and what it keeps for names it gave up.
 *
 * <ul>
 *   <li><b>active</b>: name → epoch in which this node activated it (continuously owned since);
 *   <li><b>parked</b>: states of names this node stopped because it no longer owns them, kept
 *       for the new owner to pull ({@code Release}); bounded — past the bound the oldest state is
 *       dropped and counted, never silently;
 *   <li><b>fences</b>: name → epoch before which this node must not serve the name again (it
 *       released it to an owner in that epoch).
 * </ul>
 *
 * Thread-safe (concurrent maps); the router keeps the rules.
 */
final class Activations {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Activations.class);
  static final int MAX_PARKED = 100_000;

  private final ConcurrentHashMap<String, Long> active = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Parked> parked = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> fences = new ConcurrentHashMap<>();
  private final AtomicLong parkedDropped = new AtomicLong();
  private final AtomicLong seq = new AtomicLong();
  private final int maxParked;

  Activations() {
    this(MAX_PARKED);
  }

  Activations(int maxParked) {
    this.maxParked = maxParked;
  }

  record Parked(byte[] state, String kind, long seq) {}

  boolean isActive(String name) {
    return active.containsKey(name);
  }

  void markActive(String name, long epoch) {
    active.put(name, epoch);
  }

  boolean deactivate(String name) {
    return active.remove(name) != null;
  }

  Set<String> activeNames() {
    return Set.copyOf(active.keySet());
  }

  int activeCount() {
    return active.size();
  }

  void park(String name, byte[] state, String kind) {
    if (state == null) {
      parked.remove(name);
      return;
    }
    parked.put(name, new Parked(state, kind, seq.incrementAndGet()));
    if (parked.size() > maxParked) {
      parked.entrySet().stream().min((a, b) -> Long.compare(a.getValue().seq(), b.getValue().seq()))
          .ifPresent(oldest -> {
            if (parked.remove(oldest.getKey(), oldest.getValue())) {
              parkedDropped.incrementAndGet();
              LOG.warn("event=parked_state_dropped name={} reason=\"over {} parked states: its "
                  + "next owner starts it from init\" dropped_total={}", oldest.getKey(),
                  maxParked, parkedDropped.get());
            }
          });
    }
  }

  Parked takeParked(String name) {
    return parked.remove(name);
  }

  long parkedDropped() {
    return parkedDropped.get();
  }

  /** Refuse to serve {@code name} in any epoch below {@code epoch}. */
  void fence(String name, long epoch) {
    fences.merge(name, epoch, Math::max);
  }

  /** True when {@code name} may be served in {@code epoch}; clears a fence that was passed. */
  boolean mayServe(String name, long epoch) {
    Long f = fences.get(name);
    if (f == null) {
      return true;
    }
    if (epoch >= f) {
      fences.remove(name, f);
      return true;
    }
    return false;
  }
}
