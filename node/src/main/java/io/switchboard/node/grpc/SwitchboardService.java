package io.switchboard.node.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.transport.GrpcDeadlines;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.node.core.Lifecycle;
import io.switchboard.node.core.NodeRef;
import io.switchboard.node.core.Topology;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.CastReply;
import io.switchboard.proto.v1.CastRequest;
import io.switchboard.proto.v1.KillReply;
import io.switchboard.proto.v1.KillRequest;
import io.switchboard.proto.v1.Member;
import io.switchboard.proto.v1.MembersReply;
import io.switchboard.proto.v1.MembersRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.proto.v1.TreeReply;
import io.switchboard.proto.v1.TreeRequest;
import io.switchboard.proto.v1.WhereIsReply;
import io.switchboard.proto.v1.WhereIsRequest;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.ServerNames;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The public {@code switchboard.v1.Switchboard} service. Handlers validate, pass the request to
 * the {@link Router} and return at once; replies are sent when the promise completes (see
 * {@link PendingCall}), so a gRPC thread never waits for an event loop. A call's or cast's
 * {@code request_id} longer than {@link Router#MAX_REQUEST_ID_BYTES} is refused with
 * {@code INVALID_ARGUMENT} before anything is routed; an empty one is passed on as none.
 *
 * <p>Calls and casts are admitted only while the node is ready ({@code UNAVAILABLE} otherwise,
 * with the reason); {@code WhereIs}, {@code Members} and {@code Tree} answer once the node has
 * started, also while it drains.
 * Thread-safe.
 */
public final class SwitchboardService extends SwitchboardGrpc.SwitchboardImplBase {
  /** The most children listed per supervisor by {@code Tree}. */
  public static final int TREE_CHILDREN_LIMIT = 1000;

  private final Backend node;
  private final Kills kills;

  public SwitchboardService(Backend node) {
    this.node = node;
    this.kills = new Kills(node);
  }

  @Override
  public void kill(KillRequest request, StreamObserver<KillReply> observer) {
    Optional<String> bad = ServerNames.problem(request.getName());
    ExitReason reason = null;
    if (bad.isEmpty()) {
      try {
        reason = ExitSignals.parse(request.getReason());
      } catch (IllegalArgumentException e) {
        bad = Optional.of(e.getMessage());
      }
    }
    if (bad.isPresent()) {
      observer.onError(Status.INVALID_ARGUMENT.withDescription(bad.get()).asRuntimeException());
      return;
    }
    if (starting(observer)) {
      return;
    }
    kills.kill(request, reason, GrpcDeadlines.fromContext(), observer);
  }

  @Override
  public void call(CallRequest request, StreamObserver<CallReply> observer) {
    serve(request.getName(), request.getRequestId(), observer,
        (route, id, deadline) -> route.call(request.getPayload().toByteArray(), id, deadline),
        bytes -> CallReply.newBuilder().setPayload(ByteString.copyFrom(bytes)).build());
  }

  @Override
  public void cast(CastRequest request, StreamObserver<CastReply> observer) {
    serve(request.getName(), request.getRequestId(), observer,
        (route, id, deadline) -> route.cast(request.getPayload().toByteArray(), id, deadline),
        ignored -> CastReply.getDefaultInstance());
  }

  @Override
  public void whereIs(WhereIsRequest request, StreamObserver<WhereIsReply> observer) {
    Optional<String> bad = ServerNames.problem(request.getName());
    if (bad.isPresent()) {
      observer.onError(Status.INVALID_ARGUMENT.withDescription(bad.get()).asRuntimeException());
      return;
    }
    if (starting(observer)) {
      return;
    }
    Reply<Router.Location> owner = node.router().get().whereIs(request.getName());
    if (owner instanceof Reply.Ok<Router.Location> ok) {
      observer.onNext(WhereIsReply.newBuilder()
          .setNode(ok.value().node())
          .setEndpoint(ok.value().endpoint())
          .setEpoch(node.topology().get().view().epoch())
          .build());
      observer.onCompleted();
    } else {
      observer.onError(GrpcReplies.toStatus((Reply.Failure<?>) owner).asRuntimeException());
    }
  }

  @Override
  public void members(MembersRequest request, StreamObserver<MembersReply> observer) {
    if (starting(observer)) {
      return;
    }
    Topology topology = node.topology().get();
    Topology.View view = topology.view();
    MembersReply.Builder reply = MembersReply.newBuilder()
        .setSelf(view.self().name())
        .setEpoch(view.epoch())
        .setExpectedSize(view.expectedSize())
        .setQuorum(view.quorum());
    for (NodeRef m : view.members()) {
      reply.addMembers(Member.newBuilder().setName(m.name()).setEndpoint(m.endpoint()));
    }
    for (Topology.Shard s : topology.shards()) {
      reply.addShards(io.switchboard.proto.v1.ShardStatus.newBuilder().setShard(s.shard())
          .setLeader(s.leader()).addAllReplicas(s.replicas()));
    }
    observer.onNext(reply.build());
    observer.onCompleted();
  }

  @Override
  public void tree(TreeRequest request, StreamObserver<TreeReply> observer) {
    PendingCall.finish(node.tree().apply(TREE_CHILDREN_LIMIT),
        (ServerCallStreamObserver<TreeReply>) observer,
        roots -> TreeReply.newBuilder().setNode(node.node()).addAllRoots(roots).build(),
        System.nanoTime(), GrpcDeadlines.fromContext(), node.timers(), (outcome, nanos) -> {});
  }

  /** Answers UNAVAILABLE while the node is starting (router and view are not known yet). */
  private boolean starting(StreamObserver<?> observer) {
    if (node.lifecycle().phase() != Lifecycle.Phase.STARTING) {
      return false;
    }
    observer.onError(Status.UNAVAILABLE.withDescription("node " + node.node() + " is starting")
        .asRuntimeException());
    return true;
  }

  /**
   * Validates the name and the request id, admits the call, routes it and finishes it
   * asynchronously.
   */
  private <T, R> void serve(String name, ByteString requestId, StreamObserver<R> observer,
      Send<T> send, Function<T, R> toReply) {
    Optional<String> bad = ServerNames.problem(name).or(() -> RequestIds.problem(requestId));
    if (bad.isPresent()) {
      observer.onError(Status.INVALID_ARGUMENT.withDescription(bad.get()).asRuntimeException());
      return;
    }
    if (!node.lifecycle().tryEnter()) {
      observer.onError(Status.UNAVAILABLE
          .withDescription("node " + node.node() + " is not ready: " + node.lifecycle().reason())
          .asRuntimeException());
      return;
    }
    long start = System.nanoTime();
    Deadline deadline = GrpcDeadlines.fromContext();
    Router.Route route = node.router().get().route(name);
    String kind = route.kind();
    Promise<T> promise;
    try {
      promise = send.send(route, RequestIds.toRoute(requestId), deadline);
    } catch (RuntimeException e) {
      node.lifecycle().exit();
      throw e;
    }
    PendingCall.finish(promise, (ServerCallStreamObserver<R>) observer, toReply, start,
        deadline, node.timers(), (outcome, nanos) -> {
          node.lifecycle().exit();
          node.metrics().call(kind, outcome, nanos);
        });
  }

  /** Hands one request to its route: a call or a cast, with its request id or none. */
  @FunctionalInterface
  private interface Send<T> {
    Promise<T> send(Router.Route route, byte @Nullable [] requestId, Deadline deadline);
  }
}
