package io.switchboard.cluster.routing;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.MembershipService;
import io.switchboard.cluster.transport.GrpcDeadlines;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.proto.v1.Fenced;
import io.switchboard.proto.v1.ForwardReply;
import io.switchboard.proto.v1.ForwardRequest;
import io.switchboard.proto.v1.PeerGrpc;
import io.switchboard.proto.v1.ReleaseReply;
import io.switchboard.proto.v1.ReleaseRequest;
import io.switchboard.proto.v1.Released;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Reply;
import org.jspecify.annotations.Nullable;

/**
 * The node-to-node service: forwarded calls and releases of names. Every request on a
 * cluster-scoped name is checked against this node's view (quorum, epoch, ownership) and lease
 * before anything is queued; refusals come back as {@code Fenced} or {@code UNAVAILABLE}, which
 * the sender retries after re-resolving. Remote supervision RPCs (StartChild, StopChild,
 * ChildCall, Heartbeat) go to {@code remote} ({@code RemoteSupervision.peerRpcs()}); without it
 * gRPC answers UNIMPLEMENTED.
 */
public final class PeerService extends PeerGrpc.PeerImplBase {
  private final MembershipService membership;
  private final ClusterRouter router;
  private final LocalServers local;
  private final PeerGrpc.AsyncService remote;

  public PeerService(MembershipService membership, ClusterRouter router, LocalServers local) {
    this(membership, router, local, null);
  }

  /** With the remote-supervision RPCs served by {@code remote} ({@code null}: none). */
  public PeerService(MembershipService membership, ClusterRouter router, LocalServers local,
      PeerGrpc.@Nullable AsyncService remote) {
    this.membership = membership;
    this.router = router;
    this.local = local;
    this.remote = remote;
  }

  @Override
  public StreamObserver<io.switchboard.proto.v1.HeartbeatPing> heartbeat(
      StreamObserver<io.switchboard.proto.v1.HeartbeatPong> out) {
    return remote == null ? super.heartbeat(out) : remote.heartbeat(out);
  }

  @Override
  public void startChild(io.switchboard.proto.v1.StartChildRequest req,
      StreamObserver<io.switchboard.proto.v1.StartChildReply> out) {
    if (remote == null) {
      super.startChild(req, out);
    } else {
      remote.startChild(req, out);
    }
  }

  @Override
  public void stopChild(io.switchboard.proto.v1.StopChildRequest req,
      StreamObserver<io.switchboard.proto.v1.StopChildReply> out) {
    if (remote == null) {
      super.stopChild(req, out);
    } else {
      remote.stopChild(req, out);
    }
  }

  @Override
  public void childCall(io.switchboard.proto.v1.ChildCallRequest req,
      StreamObserver<io.switchboard.proto.v1.ChildCallReply> out) {
    if (remote == null) {
      super.childCall(req, out);
    } else {
      remote.childCall(req, out);
    }
  }

  @Override
  public void forward(ForwardRequest req, StreamObserver<ForwardReply> out) {
    Membership view = membership.current();
    String name = req.getName();
    String refusal = refusal(req, view);
    if (refusal != null) {
      out.onError(GrpcReplies.toStatus(new Reply.Unavailable<>(refusal)).asRuntimeException());
      return;
    }
    if (req.getEpoch() < view.epoch() || !view.owns(name)) {
      out.onNext(ForwardReply.newBuilder().setFenced(fenced(view, name,
          req.getEpoch() < view.epoch() ? "stale epoch " + req.getEpoch() : "not the owner"))
          .setNode(view.self().name()).build());
      out.onCompleted();
      return;
    }
    router.serveForwarded(name, req.getPayload().toByteArray(), req.getCast(), view,
            GrpcDeadlines.fromContext()).whenComplete(r -> {
          if (r instanceof Reply.Ok<byte[]> ok) {
            out.onNext(ForwardReply.newBuilder()
                .setPayload(ok.value() == null ? ByteString.EMPTY : ByteString.copyFrom(ok.value()))
                .setNode(view.self().name()).build());
            out.onCompleted();
          } else {
            out.onError(GrpcReplies.toStatus((Reply.Failure<?>) r).asRuntimeException());
          }
        });
  }

  private String refusal(ForwardRequest req, Membership view) {
    if (req.getHops() > ClusterRouter.MAX_HOPS) {
      return "forwarded too many times";
    }
    if (!local.isClusterScoped(req.getName())) {
      return null;
    }
    if (!view.hasQuorum()) {
      return "no quorum on " + view.self().name();
    }
    if (req.getEpoch() > view.epoch()) {
      return view.self().name() + " lags: epoch " + view.epoch() + " < " + req.getEpoch();
    }
    return null;
  }

  @Override
  public void release(ReleaseRequest req, StreamObserver<ReleaseReply> out) {
    Membership view = membership.current();
    String name = req.getName();
    if (req.getEpoch() < view.epoch() && view.hasQuorum() && view.owns(name)) {
      out.onNext(ReleaseReply.newBuilder().setFenced(fenced(view, name,
          "this node owns it in a newer epoch " + view.epoch())).build());
      out.onCompleted();
      return;
    }
    // never serve it again below the new owner's epoch, then stop it if it runs
    router.activations().fence(name, req.getEpoch());
    router.giveUp(name, ExitReason.shutdown("released to " + req.getFromNode()))
        .whenComplete(r -> {
          Activations.Parked parked = router.activations().takeParked(name);
          Released.Builder b = Released.newBuilder();
          if (parked != null) {
            b.setHasState(true).setState(ByteString.copyFrom(parked.state()))
                .setServerKind(parked.kind());
          }
          out.onNext(ReleaseReply.newBuilder().setReleased(b).build());
          out.onCompleted();
        });
  }

  /**
   * A leaving owner pushes a name's state to the node that will own it once the leaver is gone:
   * parked here until this node activates the name in the next view.
   */
  @Override
  public void handover(io.switchboard.proto.v1.HandoverRequest req,
      StreamObserver<io.switchboard.proto.v1.HandoverReply> out) {
    Membership view = membership.current();
    String name = req.getName();
    io.switchboard.proto.v1.HandoverReply.Builder reply =
        io.switchboard.proto.v1.HandoverReply.newBuilder();
    if (req.getEpoch() < view.epoch() && view.owns(name) && router.activations().isActive(name)) {
      reply.setFenced(fenced(view, name, "already serving it in epoch " + view.epoch()));
    } else if (router.activations().isActive(name)) {
      reply.setFenced(fenced(view, name, "already active here"));
    } else {
      router.activations().park(name, req.getState().toByteArray(), req.getServerKind());
      reply.setAccepted(true);
    }
    out.onNext(reply.build());
    out.onCompleted();
  }

  private static Fenced fenced(Membership view, String name, String reason) {
    return Fenced.newBuilder().setCurrentEpoch(view.epoch())
        .setOwner(view.hasQuorum() ? view.owner(name).name() : "").setReason(reason).build();
  }
}
