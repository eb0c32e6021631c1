package io.switchboard.supervisor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Casts by name through a {@link Router}, to a server on this node or any other, in order per
 * destination: OTP's {@code gen_server:cast({Name, Node}, Msg)} and {@code erlang:send}, with
 * Erlang's one ordering guarantee — messages from one sender to one receiver arrive in the order
 * sent. A cast here is handed to the router only once the previous cast to the same name was
 * queued by its server (on its owner, for a forwarded cast), so two casts cannot overtake each
 * other in flight. Casts to different names go in parallel.
 *
 * <p>Like {@code erlang:send}, delivery is not guaranteed: a cast the router cannot deliver
 * within {@link #DEADLINE} (no owner, unknown name, inbox full) is dropped, counted ({@link
 * #dropped}) and logged with its destination and the reason; servers that care use timeouts.
 * Bounded: at most {@value #MAX_PENDING} casts wait in all (beyond that {@link #cast} answers
 * {@code Overloaded} at once). Thread-safe and never blocks: a server's step may call it.
 */
public final class OrderedCasts {
  /** Casts waiting or in flight, over all destinations. */
  public static final int MAX_PENDING = 100_000;
  /** How long the router may take to find and reach a destination. */
  public static final Duration DEADLINE = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(OrderedCasts.class);

  private final Router router;
  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();

  public OrderedCasts(Router router) {
    this.router = Objects.requireNonNull(router, "router");
  }

  /**
   * Queues {@code payload} (wire bytes, as the destination's codec reads them) for {@code to}:
   * {@code Ok} once queued here, {@code Overloaded} when {@value #MAX_PENDING} casts wait.
   */
  public Reply<Void> cast(String to, byte[] payload) {
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      dropped.increment();
      return new Reply.Overloaded<>(MAX_PENDING + " casts are waiting to be delivered");
    }
    while (true) {
      Lane lane = lanes.computeIfAbsent(to, Lane::new);
      boolean start;
      synchronized (lane) {
        if (lane.retired) {
          continue; // emptied and removed meanwhile: take the new one
        }
        lane.queue.add(payload);
        start = !lane.busy;
        lane.busy = true;
      }
      if (start) {
        pump(lane);
      }
      return Reply.ok(null);
    }
  }

  /** Casts dropped so far (undeliverable, or refused as overloaded). */
  public long dropped() {
    return dropped.sum();
  }

  /** Sends the lane's casts one after the other; loops (no recursion) while they complete at once. */
  private void pump(Lane lane) {
    while (true) {
      byte[] next;
      synchronized (lane) {
        next = lane.queue.poll();
        if (next == null) {
          lane.busy = false;
          lane.retired = true;
          lanes.remove(lane.to, lane);
          return;
        }
      }
      Promise<Void> sent;
      try {
        sent = router.cast(lane.to, next, Deadline.after(DEADLINE));
      } catch (RuntimeException e) {
        sent = Promise.completed(new Reply.Unavailable<>(e.toString()));
      }
      Reply<Void> now = sent.peek();
      if (now != null) {
        sent(lane, now);
        continue;
      }
      sent.whenComplete(r -> {
        sent(lane, r);
        pump(lane);
      });
      return;
    }
  }

  private void sent(Lane lane, Reply<Void> r) {
    pending.decrementAndGet();
    if (r instanceof Reply.Failure<Void> f) {
      dropped.increment();
      log.warn("event=cast_dropped to={} reason=\"{}\"", lane.to, f);
    }
  }

  /** The casts to one destination, sent one at a time. Guarded by its own monitor. */
  private static final class Lane {
    final String to;
    final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    boolean busy;
    boolean retired;

    Lane(String to) {
      this.to = to;
    }
  }
}
