package io.switchboard.node.cluster;

import io.switchboard.cluster.remote.RemoteChild;
import io.switchboard.cluster.remote.RemotePlacement;
import io.switchboard.cluster.remote.RemoteSupervision;
import io.switchboard.node.app.RemoteView;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.app.RemoteChildren;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The node's {@link RemoteChildren}, over the cluster's {@link RemoteSupervision}.
 *
 * <p>Applications start before the node joins its cluster, so this is bound late: the node makes
 * one before its applications start (a cluster node only), the cluster binding {@link #bind}s
 * the remote supervision it built, and the node calls {@link #nodeReady} the first time it is
 * ready, which completes {@link #ready()}. Specs made before that work once bound; a start
 * before {@link #bind} fails with {@code Unavailable}. Thread-safe.
 */
public final class NodeRemoteChildren implements RemoteChildren, RemoteView {
  private final EventLoopGroup loops;
  private final Promise<Void> ready = new Promise<>();
  private volatile @Nullable RemoteSupervision remote;

  /** @param loops the node's loops: where exits of remote children are delivered */
  public NodeRemoteChildren(EventLoopGroup loops) {
    this.loops = Objects.requireNonNull(loops, "loops");
  }

  @Override
  public ChildSpec child(String id, String template, byte[] args, Placement placement) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a remote child needs an id (its name in the cluster)");
    }
    RemoteChild child = RemoteChild.of(template, Objects.requireNonNull(args, "args"));
    return ChildSpec.worker(id, () -> child)
        .withHost(new DeferredRemoteHost(this, placement(placement)));
  }

  /** The cluster's placement for an application's. Pure. */
  static RemotePlacement placement(Placement placement) {
    if (Objects.requireNonNull(placement, "placement") instanceof Placement.OnNode on) {
      return RemotePlacement.onNode(on.node());
    }
    if (placement instanceof Placement.AnyOtherMember) {
      return RemotePlacement.anyOther();
    }
    throw new IllegalArgumentException("unknown placement " + placement);
  }

  @Override
  public Promise<Void> ready() {
    return ready;
  }

  /** The cluster layer's remote supervision; once, before the node joins. */
  public void bind(RemoteSupervision supervision) {
    synchronized (this) {
      if (remote != null) {
        throw new IllegalStateException("remote supervision is bound once");
      }
      remote = Objects.requireNonNull(supervision, "supervision");
    }
  }

  /** The node is ready for the first time (later calls do nothing). */
  public void nodeReady() {
    ready.complete(remote == null
        ? new Reply.Unavailable<>("this node's cluster layer has no remote supervision")
        : Reply.ok(null));
  }

  /** The node stops: {@link #ready()} fails if it had not completed. */
  public void nodeStopping() {
    ready.complete(new Reply.Unavailable<>("the node stopped before it was ready"));
  }

  /** The bound remote supervision, or {@code null} before {@link #bind}. */
  @Nullable RemoteSupervision supervision() {
    return remote;
  }

  EventLoopGroup loops() {
    return loops;
  }

  @Override
  public Optional<RemoteView.Placed> placed(String child) {
    RemoteSupervision r = remote;
    return r == null ? Optional.empty()
        : r.placed(child).map(p -> new RemoteView.Placed(p.node(), p.loop(), p.template()));
  }

  @Override
  public List<RemoteView.Hosted> hosted() {
    RemoteSupervision r = remote;
    return r == null ? List.of() : r.hostedChildren().stream()
        .map(h -> new RemoteView.Hosted(h.name(), h.template(), h.supervisorNode(), h.loop(),
            h.status().name()))
        .toList();
  }
}
