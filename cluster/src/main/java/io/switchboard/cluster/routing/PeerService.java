package io.switchboard.cluster.routing;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.membership.MembershipService;
import io.switchboard.cluster.shard.RequestId;
import io.switchboard.cluster.transport.GrpcDeadlines;
import io.switchboard.cluster.transport.ForwardAcks;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.proto.v1.ForwardReply;
import io.switchboard.proto.v1.ForwardRequest;
import io.switchboard.proto.v1.PeerGrpc;
import io.switchboard.proto.v1.ShardsReply;
import io.switchboard.supervisor.Reply;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The node-to-node service: forwarded inputs, served here when this node leads the name's shard
 * and forwarded once more to the leader it knows otherwise ({@link ClusterRouter}); refusals come
 * back as {@code UNAVAILABLE}, which the sender retries. Remote supervision RPCs (StartChild,
 * StopChild, ChildCall, Heartbeat) go to {@code remote} ({@code RemoteSupervision.peerRpcs()});
 * without it gRPC answers UNIMPLEMENTED.
 */
public final class PeerService extends PeerGrpc.PeerImplBase {
  private final MembershipService membership;
  private final Supplier<@Nullable ClusterRouter> router;
  private final Supplier<ShardsReply> shards;
  private final PeerGrpc.AsyncService remote;

  /** With the remote-supervision RPCs served by {@code remote} ({@code null}: none). */
  public PeerService(MembershipService membership, Supplier<@Nullable ClusterRouter> router,
      Supplier<ShardsReply> shards, PeerGrpc.@Nullable AsyncService remote) {
    this.membership = membership;
    this.router = router;
    this.shards = shards;
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
  public void shards(io.switchboard.proto.v1.ShardsRequest req,
      StreamObserver<ShardsReply> out) {
    out.onNext(shards.get());
    out.onCompleted();
  }

  @Override
  public void forward(ForwardRequest req, StreamObserver<ForwardReply> out) {
    if (req.getHops() > ClusterRouter.MAX_HOPS) {
      out.onError(GrpcReplies.toStatus(new Reply.Unavailable<>("'" + req.getName()
          + "' forwarded too many times")).asRuntimeException());
      return;
    }
    RequestId id;
    try {
      id = req.getRequestId().isEmpty() ? null : new RequestId(req.getRequestId());
    } catch (IllegalArgumentException e) {
      out.onError(GrpcReplies.toStatus(new Reply.InvalidInput<>(e.getMessage()))
          .asRuntimeException());
      return;
    }
    ClusterRouter router = this.router.get();
    if (router == null) {
      out.onError(GrpcReplies.toStatus(new Reply.Unavailable<>("node is starting"))
          .asRuntimeException());
      return;
    }
    String self = membership.current().self().name();
    router.serveForwarded(req.getName(), req.getPayload().toByteArray(), req.getCast(), id,
            req.getHops(), GrpcDeadlines.fromContext(), ForwardAcks.accepted()).whenComplete(r -> {
          if (r instanceof Reply.Ok<byte[]> ok) {
            out.onNext(ForwardReply.newBuilder()
                .setPayload(ok.value() == null ? ByteString.EMPTY : ByteString.copyFrom(ok.value()))
                .setNode(router.leaderName(req.getName()).orElse(self)).build());
            out.onCompleted();
          } else {
            out.onError(GrpcReplies.toStatus((Reply.Failure<?>) r).asRuntimeException());
          }
        });
  }
}
