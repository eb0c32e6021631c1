package io.switchboard.node.cluster;

import io.switchboard.cluster.remote.RemoteHost;
import io.switchboard.cluster.remote.RemotePlacement;
import io.switchboard.cluster.remote.RemoteSupervision;
import io.switchboard.supervisor.Backpressure;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.EventLoop;
import io.switchboard.supervisor.ExitListener;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ReplyException;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.Timer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The host of a child spec made by {@link NodeRemoteChildren#child}: the cluster's
 * {@link RemoteHost} once the node's remote supervision is bound, else a host that has nothing
 * and refuses to start anything ({@code Unavailable}: the node has not joined its cluster yet).
 * Every method is {@link RemoteHost}'s, with its threading. Thread-safe.
 */
final class DeferredRemoteHost implements ServerHost {
  private final NodeRemoteChildren owner;
  private final RemotePlacement placement;
  private volatile @Nullable RemoteHost host;

  DeferredRemoteHost(NodeRemoteChildren owner, RemotePlacement placement) {
    this.owner = owner;
    this.placement = placement;
  }

  /** The cluster's host, or {@code null} while the node has no remote supervision yet. */
  private @Nullable RemoteHost host() {
    RemoteHost h = host;
    if (h == null) {
      RemoteSupervision r = owner.supervision();
      if (r != null) {
        // the supervisor's path is not known to a child spec: hosting nodes show its node only
        h = r.host("", placement);
        host = h;
      }
    }
    return h;
  }

  private static <T> Promise<T> notJoined() {
    return Promise.completed(notJoinedReply());
  }

  private static <T> Reply.Failure<T> notJoinedReply() {
    return new Reply.Unavailable<>("remote children start once the node joined its cluster: "
        + "start them when RemoteChildren.ready() completed");
  }

  @Override
  public Promise<Void> startAsync(String name, GenServer<?, ?, ?> server,
      @Nullable ExitListener listener) {
    RemoteHost h = host();
    return h == null ? notJoined() : h.startAsync(name, server, listener);
  }

  @Override
  public <O> Promise<O> callAsync(String name, Object input, Deadline deadline, Backpressure bp) {
    RemoteHost h = host();
    return h == null ? notJoined() : h.callAsync(name, input, deadline, bp);
  }

  @Override
  public Promise<byte[]> callBytesAsync(String name, byte[] payload, Deadline deadline,
      Backpressure bp) {
    RemoteHost h = host();
    return h == null ? notJoined() : h.callBytesAsync(name, payload, deadline, bp);
  }

  @Override
  public Reply<Void> cast(String name, Object input) {
    RemoteHost h = host();
    return h == null ? notJoinedReply() : h.cast(name, input);
  }

  @Override
  public Reply<Void> castBytes(String name, byte[] payload) {
    RemoteHost h = host();
    return h == null ? notJoinedReply() : h.castBytes(name, payload);
  }

  /** @throws ReplyException with {@code Unavailable} before the node joined */
  @Override
  public Timer sendAfter(Duration delay, String name, Object input) {
    RemoteHost h = host();
    if (h == null) {
      throw new ReplyException(notJoinedReply());
    }
    return h.sendAfter(delay, name, input);
  }

  @Override
  public Promise<Void> stopAsync(String name, ExitReason reason) {
    RemoteHost h = host();
    return h == null ? Promise.completed(new Reply.NotFound<>(name)) : h.stopAsync(name, reason);
  }

  @Override
  public Promise<byte[]> handOffAsync(String name, ExitReason reason) {
    RemoteHost h = host();
    return h == null ? Promise.completed(new Reply.NotFound<>(name))
        : h.handOffAsync(name, reason);
  }

  @Override
  public Promise<Void> restartAsync(String name) {
    RemoteHost h = host();
    return h == null ? Promise.completed(new Reply.NotFound<>(name)) : h.restartAsync(name);
  }

  @Override
  public void markRestarting(String name) {
    RemoteHost h = host();
    if (h != null) {
      h.markRestarting(name);
    }
  }

  @Override
  public @Nullable ServerStatus status(String name) {
    RemoteHost h = host();
    return h == null ? null : h.status(name);
  }

  /** This node's loop for {@code name}, as {@link RemoteHost#loopOf}. */
  @Override
  public EventLoop loopOf(String name) {
    return owner.loops().loopOf(name);
  }

  @Override
  public String toString() {
    RemoteHost h = host;
    return h == null ? "DeferredRemoteHost[" + placement + ", not joined]" : h.toString();
  }
}
