package io.switchboard.cluster.jgroups;

import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.ClusterTimings;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.MembershipService;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MembershipService} over a JGroups channel (the stack is described in {@link
 * JGroupsStack}). The channel's logical name is the node name, so a node that restarts or
 * reconnects comes back under the same name, and its address carries its gRPC endpoint ({@link
 * MemberAddresses}), so each view names every member's endpoint.
 *
 * <p><b>Why the epoch only grows.</b> {@link Membership#epoch()} is the JGroups view id. A
 * coordinator numbers a new view {@code current + 1}; a merge leader numbers the merge view {@code
 * max(ids of all merged subgroups) + 1} ({@code Merger.consolidateMergeData}); and {@code
 * GMS.installView} drops any view whose id is not greater than the installed one. So each member
 * installs strictly increasing ids, merges included. This class checks it again and drops (and
 * logs) a view that would go backwards.
 *
 * <p><b>Threads.</b> {@link #start()} blocks for up to the join timeout (longer if the coordinator
 * is slow to answer); {@link #close()} blocks for the graceful leave (about a second). Both
 * serialise on one lock. Views arrive on a JGroups thread, one at a time; this class updates {@link
 * #current()} (a volatile read) and then calls the listeners on that thread.
 */
public final class JGroupsMembership implements MembershipService {

  private static final Logger LOG = LoggerFactory.getLogger(JGroupsMembership.class);

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private final ClusterConfig config;
  private final List<Consumer<Membership>> listeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<String, byte[]>> messageListeners =
      new CopyOnWriteArrayList<>();
  private final Object lifecycle = new Object();
  private final Object views = new Object();
  private volatile Membership current;
  private State state = State.NEW; // guarded by lifecycle
  private JChannel channel; // guarded by lifecycle

  /** A service for this configuration; nothing happens until {@link #start()}. */
  public JGroupsMembership(ClusterConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (state != State.NEW) {
        throw new IllegalStateException(
            "membership already " + state.name().toLowerCase(Locale.ROOT));
      }
      JChannel ch;
      try {
        ch = join(deadline());
      } catch (RuntimeException e) {
        state = State.CLOSED;
        throw e;
      }
      channel = ch;
      state = State.STARTED;
      if (current == null) { // the first view is normally delivered inside connect()
        onView(ch, ch.getView());
      }
    }
  }

  /**
   * How long a join refused for a duplicate name is retried: long enough for the dead
   * incarnation of a restarted node to be suspected and leave the view (heartbeat timeout,
   * verification and a join round), short enough that a live duplicate fails fast.
   */
  private long deadline() {
    ClusterTimings t = config.timings();
    return System.nanoTime() + t.heartbeatTimeout().plus(t.verifySuspectTimeout())
        .plus(t.joinTimeout()).toNanos();
  }

  /** Connects a new channel, retrying a duplicate-name refusal until {@code deadline}. */
  private JChannel join(long deadline) {
    while (true) {
      JChannel ch = null;
      try {
        ch = JGroupsStack.newChannel(config);
        ch.setReceiver(new ViewReceiver(ch));
        ch.connect(config.clusterName());
        return ch;
      } catch (Exception e) {
        if (ch != null) {
          ch.close();
        }
        Optional<String> refusal = refusal(e);
        if (refusal.isPresent() && System.nanoTime() < deadline) {
          LOG.info("cluster join refused node={} retrying reason=\"{}\"", config.nodeName(),
              refusal.get());
          pause(config.timings().verifySuspectTimeout());
          continue;
        }
        if (refusal.isPresent()) {
          throw new IllegalStateException(String.format("cannot join cluster '%s' as %s: %s",
              config.clusterName(), config.nodeName(), refusal.get()), e);
        }
        throw new IllegalStateException(
            String.format(
                "cannot join cluster '%s' as %s on %s:%d (is --cluster-port free and --host an"
                    + " address of this machine?): %s",
                config.clusterName(),
                config.nodeName(),
                config.bindHost(),
                config.clusterPort(),
                e),
            e);
      }
    }
  }

  /** The coordinator's duplicate-name refusal somewhere in {@code e}'s causes, if any. */
  private static Optional<String> refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      int at = m == null ? -1 : m.indexOf(UniqueNames.REFUSAL);
      if (at >= 0) {
        return Optional.of(m.substring(at));
      }
    }
    return Optional.empty();
  }

  private static void pause(java.time.Duration d) {
    try {
      Thread.sleep(d.toMillis()); // a retry backoff: the old incarnation leaves on its own time
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while joining", e);
    }
  }

  @Override
  public Membership current() {
    Membership m = current;
    if (m == null) {
      throw new IllegalStateException("membership not started");
    }
    return m;
  }

  @Override
  public void addListener(Consumer<Membership> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public boolean send(String member, byte[] payload) {
    if (payload.length > MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException("message of " + payload.length + " bytes is over "
          + MAX_MESSAGE_BYTES);
    }
    JChannel ch;
    synchronized (lifecycle) {
      if (state != State.STARTED) {
        return false;
      }
      ch = channel;
    }
    View view = ch.getView();
    if (view == null) {
      return false;
    }
    for (org.jgroups.Address a : view.getMembers()) {
      java.util.Optional<io.switchboard.cluster.membership.Member> m = MemberAddresses.decode(a);
      if (m.isPresent() && m.get().name().equals(member)) {
        try {
          ch.send(new org.jgroups.BytesMessage(a, payload)
              .setFlag(org.jgroups.Message.Flag.OOB, org.jgroups.Message.Flag.DONT_BUNDLE));
          return true;
        } catch (Exception e) {
          LOG.debug("cluster message not sent node={} to={} error={}", config.nodeName(), member,
              e.toString());
          return false;
        }
      }
    }
    return false;
  }

  @Override
  public void onMessage(java.util.function.BiConsumer<String, byte[]> listener) {
    messageListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (state == State.STARTED) {
        channel.close();
        LOG.info("cluster left node={} last={}", config.nodeName(), current.describe());
      }
      state = State.CLOSED;
    }
  }

  /** The channel, for test fault injection (partitions) in this package. */
  JChannel channel() {
    synchronized (lifecycle) {
      if (state != State.STARTED) {
        throw new IllegalStateException("membership not started");
      }
      return channel;
    }
  }

  private void onView(JChannel ch, View view) {
    synchronized (views) { // JGroups delivers one view at a time; start() may race it once
      ViewTranslator.Translation t;
      try {
        t = ViewTranslator.translate(view, ch.getAddress(), config.expectedSize());
      } catch (IllegalArgumentException e) { // never thrown for a view JGroups accepted
        LOG.error("cluster view unusable node={} view={}", config.nodeName(), view, e);
        return;
      }
      Membership next = t.membership();
      Membership previous = current;
      if (previous != null && next.epoch() <= previous.epoch()) {
        if (next.epoch() < previous.epoch()) {
          LOG.warn(
              "cluster view dropped node={} reason=stale_epoch {} current_epoch={}",
              config.nodeName(),
              next.describe(),
              previous.epoch());
        }
        return;
      }
      current = next;
      LOG.info(
          "cluster view node={} {} merge={}{}",
          config.nodeName(),
          next.describe(),
          view instanceof MergeView,
          t.skipped().isEmpty() ? "" : " skipped=" + t.skipped());
      for (Consumer<Membership> listener : listeners) {
        try {
          listener.accept(next);
        } catch (RuntimeException e) {
          LOG.error(
              "cluster view listener failed node={} listener={}", config.nodeName(), listener, e);
        }
      }
    }
  }

  /** Receives views from the channel; JGroups calls it on one thread at a time. */
  private final class ViewReceiver implements Receiver {
    private final JChannel ch;

    ViewReceiver(JChannel ch) {
      this.ch = ch;
    }

    @Override
    public void viewAccepted(View view) {
      onView(ch, view);
    }

    @Override
    public void receive(org.jgroups.Message msg) {
      java.util.Optional<io.switchboard.cluster.membership.Member> from =
          MemberAddresses.decode(msg.getSrc());
      if (from.isEmpty() || msg.getLength() > MAX_MESSAGE_BYTES) {
        return;
      }
      byte[] payload = msg.getArray() == null ? new byte[0]
          : java.util.Arrays.copyOfRange(msg.getArray(), msg.getOffset(),
              msg.getOffset() + msg.getLength());
      for (java.util.function.BiConsumer<String, byte[]> l : messageListeners) {
        try {
          l.accept(from.get().name(), payload);
        } catch (RuntimeException e) {
          LOG.error("cluster message listener failed node={}", config.nodeName(), e);
        }
      }
    }
  }
}
