package io.switchboard.node.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.proto.v1.KillReply;
import io.switchboard.proto.v1.KillRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import java.util.concurrent.TimeUnit;

/**
 * The {@code Kill} RPC: the exit signal goes to this node's server of that name (through the
 * router: a cluster-scoped name is killed by its shard's leader, in turn with its inputs); when
 * none runs here and the name's owner is another node, the request goes there once (marked
 * forwarded, so it never travels further). Thread-safe.
 */
final class Kills {
  private final Backend node;

  Kills(Backend node) {
    this.node = node;
  }

  void kill(KillRequest request, ExitReason reason, Deadline deadline,
      StreamObserver<KillReply> observer) {
    String name = request.getName();
    node.router().get().kill(name, reason).onComplete(r -> {
      if (r.isOk()) {
        observer.onNext(KillReply.newBuilder().setNode(node.node())
            .setReason(reason.toString()).build());
        observer.onCompleted();
        return;
      }
      if (r instanceof Reply.NotFound<?> && !request.getForwarded()) {
        Reply<Router.Location> owner = node.router().get().whereIs(name);
        if (owner instanceof Reply.Ok<Router.Location> ok && !ok.value().node().equals(node.node())) {
          forward(ok.value(), request.toBuilder().setForwarded(true).build(), deadline, observer);
          return;
        }
      }
      if (r instanceof Reply.NotFound<?>) {
        observer.onError(Status.NOT_FOUND.withDescription("no server '" + name + "' is running on "
            + node.node() + (request.getForwarded() ? "" : " or at its owner")).asRuntimeException());
      } else {
        observer.onError(GrpcReplies.toStatus((Reply.Failure<?>) r).asRuntimeException());
      }
    });
  }

  /** Asks the owner's public endpoint, within the caller's deadline; relays its answer. */
  private static void forward(Router.Location owner, KillRequest request, Deadline deadline,
      StreamObserver<KillReply> observer) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(owner.endpoint()).usePlaintext()
        .build();
    long nanos = Math.max(1, deadline.remainingNanos());
    SwitchboardGrpc.newStub(channel).withDeadlineAfter(nanos, TimeUnit.NANOSECONDS)
        .kill(request, new StreamObserver<>() {
          @Override
          public void onNext(KillReply reply) {
            observer.onNext(reply);
          }

          @Override
          public void onError(Throwable t) {
            channel.shutdown();
            observer.onError(t);
          }

          @Override
          public void onCompleted() {
            channel.shutdown();
            observer.onCompleted();
          }
        });
  }
}
