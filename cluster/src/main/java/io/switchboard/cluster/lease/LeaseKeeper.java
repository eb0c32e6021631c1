package io.switchboard.cluster.lease;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.MembershipService;
import io.switchboard.supervisor.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Keeps this node's {@link OwnershipLease}: pings every other member of the view at a fixed
 * interval (default 500 ms) over the membership channel, answers their pings, and records their
 * answers. One daemon thread; every method is thread-safe and never blocks.
 */
public final class LeaseKeeper implements AutoCloseable {
  /** Default ping interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
  /** Default lease: four intervals, below the 3.5 s failure detection. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(2);

  private final MembershipService membership;
  private final Clock clock;
  private final OwnershipLease lease;
  private final Duration interval;
  private final ScheduledExecutorService timer;
  private volatile Consumer<String> onMissed = m -> {};
  /** Members whose lapse was already reported (keeper thread only). */
  private final java.util.Set<String> missed = new java.util.HashSet<>();
  /** Members that announced a graceful leave (any thread). */
  private final java.util.Set<String> leftGracefully = java.util.concurrent.ConcurrentHashMap
      .newKeySet();

  public LeaseKeeper(MembershipService membership, Clock clock, Duration lease, Duration interval) {
    this.membership = membership;
    this.clock = clock;
    this.lease = new OwnershipLease(lease);
    this.interval = interval;
    if (interval.compareTo(lease) >= 0) {
      throw new IllegalArgumentException("lease ping interval " + interval
          + " must be below the lease " + lease);
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lease-keeper");
      t.setDaemon(true);
      return t;
    });
    membership.onMessage(this::onMessage);
    membership.addListener(this::onView);
  }

  /** Checks the lease against the detection time and starts pinging. */
  public void start(Duration detection) {
    lease.requireShorterThan(detection);
    timer.scheduleAtFixedRate(this::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Told (on the keeper's thread) once each time a member stops answering within the lease. */
  public void onMissed(Consumer<String> listener) {
    this.onMissed = listener;
  }

  /** True while the lease is held for the current view. Any thread. */
  public boolean isValid() {
    return reasonInvalid() == null;
  }

  /** Why the lease is not held now, or {@code null}. Any thread. */
  public @Nullable String reasonInvalid() {
    Membership view = currentOrNull();
    if (view == null) {
      return "not joined";
    }
    synchronized (lease) {
      return lease.reasonInvalid(view, clock.nanoTime());
    }
  }

  /** When {@code member} last answered a lease ping in this view (own clock), or {@code null}. */
  public @Nullable Long lastHeard(String member) {
    synchronized (lease) {
      return lease.lastAnswered(member);
    }
  }

  /** When {@code member} last answered a lease ping in any view (own clock), or {@code null}. */
  public @Nullable Long lastContact(String member) {
    synchronized (lease) {
      return lease.lastContact(member);
    }
  }

  private @Nullable Membership currentOrNull() {
    try {
      return membership.current();
    } catch (IllegalStateException notStarted) {
      return null;
    }
  }

  private void onView(Membership view) {
    synchronized (lease) {
      lease.onView(view);
    }
    if (!timer.isShutdown()) {
      timer.execute(this::tick);
    }
  }

  private void tick() {
    Membership view = currentOrNull();
    if (view == null) {
      return;
    }
    long now = clock.nanoTime();
    byte[] ping = new LeaseMessage(true, view.epoch(), now).encode();
    for (Member m : view.members()) {
      if (!m.equals(view.self())) {
        membership.send(m.name(), ping);
        Long heard = lastHeard(m.name());
        if (heard != null && now - heard > lease.duration().toNanos()) {
          if (missed.add(m.name())) {
            onMissed.accept(m.name());
          }
        } else if (heard != null) {
          missed.remove(m.name());
        }
      }
    }
  }

  /** Tells every other member this node leaves gracefully (best effort, never blocks long). */
  public void announceLeave() {
    Membership view = currentOrNull();
    if (view == null) {
      return;
    }
    byte[] leave = LeaseMessage.leave(view.epoch()).encode();
    for (Member m : view.members()) {
      if (!m.equals(view.self())) {
        membership.send(m.name(), leave);
      }
    }
  }

  /**
   * True (once) when {@code member} announced a graceful leave: its departure is not a failure.
   * Bounded by the members that ever announced one and were not asked about yet.
   */
  public boolean takeLeft(String member) {
    return leftGracefully.remove(member);
  }

  private void onMessage(String from, byte[] bytes) {
    LeaseMessage.decode(bytes).ifPresent(msg -> {
      Membership view = currentOrNull();
      if (view == null) {
        return;
      }
      if (msg.leaving()) {
        leftGracefully.add(from);
      } else if (msg.ping()) {
        membership.send(from, new LeaseMessage(false, view.epoch(), msg.sentAt()).encode());
      } else {
        synchronized (lease) {
          lease.onPong(from, msg.epoch(), msg.sentAt());
        }
      }
    });
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
