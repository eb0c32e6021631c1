package io.switchboard.client;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.CastReply;
import io.switchboard.proto.v1.CastRequest;
import io.switchboard.proto.v1.Member;
import io.switchboard.proto.v1.MembersReply;
import io.switchboard.proto.v1.MembersRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.proto.v1.TreeReply;
import io.switchboard.proto.v1.TreeRequest;
import io.switchboard.proto.v1.WhereIsReply;
import io.switchboard.proto.v1.WhereIsRequest;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC server of the {@code Switchboard} service on loopback TCP (port 0), whose calls
 * answer as {@link Behaviour} says: the transport under test is the real one, only the node
 * behind it is scripted.
 */
final class TestNode implements AutoCloseable {
  /** What a call answers. */
  sealed interface Behaviour {
    /** Echoes the input, prefixed with the node's name and a colon. */
    record Echo() implements Behaviour {}

    /** Fails with this status. */
    record Fail(Status status) implements Behaviour {}

    /** Never answers (until the caller gives up); counts down {@link #cancelled} on cancel. */
    record Hang() implements Behaviour {}

    /** Fails the first {@code times} calls and casts with {@code UNAVAILABLE}, then echoes. */
    record FailFirst(int times) implements Behaviour {}
  }

  final String name;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger casts = new AtomicInteger();
  final CountDownLatch cancelled = new CountDownLatch(1);
  /** The {@code request_id} of every call and cast received, in arrival order. */
  final List<ByteString> requestIds = new CopyOnWriteArrayList<>();
  private volatile Behaviour behaviour;
  private final Server server;

  private TestNode(String name, Behaviour behaviour) throws IOException {
    this(name, behaviour, InsecureServerCredentials.create());
  }

  private TestNode(String name, Behaviour behaviour, ServerCredentials credentials)
      throws IOException {
    this.name = name;
    this.behaviour = behaviour;
    this.server = Grpc.newServerBuilderForPort(0, credentials)
        .addService(new Service())
        .build()
        .start();
  }

  static TestNode echo(String name) throws IOException {
    return new TestNode(name, new Behaviour.Echo());
  }

  /** An echoing node whose port speaks what {@code credentials} say (TLS, for instance). */
  static TestNode echo(String name, ServerCredentials credentials) throws IOException {
    return new TestNode(name, new Behaviour.Echo(), credentials);
  }

  static TestNode failing(String name, Status status) throws IOException {
    return new TestNode(name, new Behaviour.Fail(status));
  }

  static TestNode hanging(String name) throws IOException {
    return new TestNode(name, new Behaviour.Hang());
  }

  static TestNode failingFirst(String name, int times) throws IOException {
    return new TestNode(name, new Behaviour.FailFirst(times));
  }

  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Status unavailable(int attempt) {
    return Status.UNAVAILABLE.withDescription(name + " refuses attempt " + attempt);
  }

  private final class Service extends SwitchboardGrpc.SwitchboardImplBase {
    @Override
    public void call(CallRequest request, StreamObserver<CallReply> out) {
      int n = calls.incrementAndGet();
      requestIds.add(request.getRequestId());
      Behaviour b = behaviour;
      if (b instanceof Behaviour.Fail f) {
        out.onError(f.status().asRuntimeException());
      } else if (b instanceof Behaviour.FailFirst ff && n <= ff.times()) {
        out.onError(unavailable(n).asRuntimeException());
      } else if (b instanceof Behaviour.Hang) {
        ((ServerCallStreamObserver<CallReply>) out).setOnCancelHandler(cancelled::countDown);
      } else {
        out.onNext(CallReply.newBuilder()
            .setPayload(ByteString.copyFromUtf8(name + ":").concat(request.getPayload()))
            .build());
        out.onCompleted();
      }
    }

    @Override
    public void cast(CastRequest request, StreamObserver<CastReply> out) {
      int n = casts.incrementAndGet();
      requestIds.add(request.getRequestId());
      Behaviour b = behaviour;
      if (b instanceof Behaviour.Fail f) {
        out.onError(f.status().asRuntimeException());
        return;
      }
      if (b instanceof Behaviour.FailFirst ff && n <= ff.times()) {
        out.onError(unavailable(n).asRuntimeException());
        return;
      }
      out.onNext(CastReply.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void whereIs(WhereIsRequest request, StreamObserver<WhereIsReply> out) {
      out.onNext(WhereIsReply.newBuilder().setNode(name).setEndpoint(target()).setEpoch(7)
          .build());
      out.onCompleted();
    }

    @Override
    public void members(MembersRequest request, StreamObserver<MembersReply> out) {
      out.onNext(MembersReply.newBuilder().setSelf(name).setEpoch(3).setExpectedSize(2)
          .setQuorum(true)
          .addMembers(Member.newBuilder().setName(name).setEndpoint(target()))
          .addMembers(Member.newBuilder().setName("other").setEndpoint("127.0.0.1:9"))
          .build());
      out.onCompleted();
    }

    @Override
    public void tree(TreeRequest request, StreamObserver<TreeReply> out) {
      out.onNext(TreeReply.newBuilder().setNode(name)
          .addRoots(TreeNode.newBuilder().setName("demo").setKind(TreeNode.Kind.SUPERVISOR))
          .build());
      out.onCompleted();
    }
  }
}
