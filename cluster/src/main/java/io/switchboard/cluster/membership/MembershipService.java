package io.switchboard.cluster.membership;

import java.util.function.Consumer;

/**
 * The cluster's membership as seen by this node: a stream of immutable {@link Membership} views.
 *
 * <p><b>Threads.</b> {@link #start()} and {@link #close()} may be called from any thread and block;
 * {@link #current()} never blocks. Listeners run on the membership implementation's own thread, one
 * view at a time and in view order; they must be cheap, must not block (hand work to an event loop)
 * and must not call {@link #close()}. A listener that throws is logged and does not stop the
 * others.
 */
public interface MembershipService extends AutoCloseable {

  /**
   * Joins the cluster, blocking until this node has installed its first view (joined an existing
   * group, or formed a singleton view when no one answered within the join timeout).
   *
   * @throws IllegalStateException if already started or closed, or when joining failed (for example
   *     the cluster port is taken); the message says which
   */
  void start();

  /**
   * The latest installed view (after {@link #close()}, the last one this node saw).
   *
   * @throws IllegalStateException before {@link #start()} has returned
   */
  Membership current();

  /**
   * Registers a listener for every view installed after this call. Register before {@link #start()}
   * to see the first view too. Listeners cannot be removed; they die with the service.
   */
  void addListener(Consumer<Membership> listener);

  /**
   * Sends a small message to one member of the current view (reliable and ordered per sender,
   * best effort across view changes: a message to a member that left is dropped). Never blocks
   * for long; used for the ownership-lease pings. Bounded by {@link #MAX_MESSAGE_BYTES}.
   *
   * @return false if the member is not in the view or the service is not started
   */
  boolean send(String member, byte[] payload);

  /**
   * Registers a listener for messages from other members ({@code (from, payload)}); it runs on a
   * membership thread and must be cheap. Register before {@link #start()}.
   */
  void onMessage(java.util.function.BiConsumer<String, byte[]> listener);

  /** The largest message {@link #send} accepts. */
  int MAX_MESSAGE_BYTES = 1024;

  /** Leaves the cluster (a graceful leave: the others install a view without this node at once). */
  @Override
  void close();
}
