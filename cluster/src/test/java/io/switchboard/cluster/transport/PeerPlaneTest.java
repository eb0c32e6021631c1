package io.switchboard.cluster.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.switchboard.proto.v1.ForwardReply;
import io.switchboard.proto.v1.ForwardRequest;
import io.switchboard.proto.v1.HeartbeatPing;
import io.switchboard.proto.v1.HeartbeatPong;
import io.switchboard.proto.v1.PeerGrpc;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.ratis.thirdparty.io.grpc.Server;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Peer} served through Ratis' shaded gRPC as the peer port serves it: a grpc-java client
 * on one side, the grpc-java service on the other, {@link ShadedBridge} between.
 */
@Timeout(60)
class PeerPlaneTest {
  private final AtomicInteger forwarded = new AtomicInteger();
  private final AtomicReference<io.grpc.Deadline> seenDeadline = new AtomicReference<>();
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private final AtomicBoolean admit = new AtomicBoolean(true);
  private final LinkedBlockingQueue<Runnable> later = new LinkedBlockingQueue<>();
  private PeerPlane plane;
  private Server server;
  private ManagedChannel channel;

  private final PeerGrpc.PeerImplBase service = new PeerGrpc.PeerImplBase() {
    @Override
    public void forward(ForwardRequest req, StreamObserver<ForwardReply> out) {
      forwarded.incrementAndGet();
      seenDeadline.set(io.grpc.Context.current().getDeadline());
      if (req.getName().equals("slow")) {
        io.grpc.Context.current().addListener(c -> cancelled.countDown(), Runnable::run);
        return; // never answers: the caller's deadline ends it
      }
      if (req.getName().equals("ack-then-later")) {
        ForwardAcks.accepted().run();
        later.add(() -> {
          out.onNext(ForwardReply.newBuilder().setPayload(req.getPayload()).build());
          out.onCompleted();
        });
        return;
      }
      if (req.getName().equals("boom")) {
        out.onError(Status.FAILED_PRECONDITION.withDescription("not the leader").asException());
        return;
      }
      out.onNext(ForwardReply.newBuilder().setPayload(req.getPayload()).build());
      out.onCompleted();
    }

    @Override
    public StreamObserver<HeartbeatPing> heartbeat(StreamObserver<HeartbeatPong> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(HeartbeatPing ping) {
          out.onNext(HeartbeatPong.newBuilder().setSeq(ping.getSeq()).build());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  };

  private void start(Function<SocketAddress, Optional<String>> admission) throws Exception {
    plane = PeerPlane.start("n1", List.of(service), admission, 1 << 20);
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    plane.services().forEach(b::addService);
    server = b.build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (plane != null) {
      plane.close();
    }
  }

  private Function<SocketAddress, Optional<String>> switchable() {
    return a -> admit.get() ? Optional.empty() : Optional.of(a + " is not a member");
  }

  @Test
  void unaryCall_crossesBothCopiesOfGrpc_withItsDeadline() throws Exception {
    start(switchable());
    ForwardReply r = PeerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .forward(ForwardRequest.newBuilder().setName("counter-1")
            .setPayload(com.google.protobuf.ByteString.copyFromUtf8("hello")).build());
    assertThat(r.getPayload().toStringUtf8()).isEqualTo("hello");
    assertThat(seenDeadline.get()).isNotNull();
    assertThat(seenDeadline.get().timeRemaining(TimeUnit.MILLISECONDS)).isBetween(1L, 5_000L);
  }

  /** ForwardAcks: headers reach the caller when the handler accepts, before the reply. */
  @Test
  void acceptedForward_headersArriveBeforeTheReply() throws Exception {
    start(switchable());
    CountDownLatch headers = new CountDownLatch(1);
    CompletableFuture<String> reply = new CompletableFuture<>();
    io.grpc.ClientCall<ForwardRequest, ForwardReply> call = channel.newCall(
        PeerGrpc.getForwardMethod(), io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10,
            TimeUnit.SECONDS));
    call.start(new io.grpc.ClientCall.Listener<>() {
      @Override
      public void onHeaders(io.grpc.Metadata h) {
        headers.countDown();
      }

      @Override
      public void onMessage(ForwardReply r) {
        reply.complete(r.getPayload().toStringUtf8());
      }
    }, new io.grpc.Metadata());
    call.sendMessage(ForwardRequest.newBuilder().setName("ack-then-later")
        .setPayload(com.google.protobuf.ByteString.copyFromUtf8("late")).build());
    call.halfClose();
    call.request(1);
    assertThat(headers.await(5, TimeUnit.SECONDS)).as("headers before any reply").isTrue();
    assertThat(reply).isNotDone();
    later.take().run();
    assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("late");
  }

  @Test
  void statusOfTheService_reachesTheCaller() throws Exception {
    start(switchable());
    assertThatThrownBy(() -> PeerGrpc.newBlockingStub(channel).forward(
        ForwardRequest.newBuilder().setName("boom").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(e.getStatus().getDescription()).isEqualTo("not the leader");
        });
  }

  @Test
  void badName_invalidArgument_beforeTheHandler() throws Exception {
    start(switchable());
    assertThatThrownBy(() -> PeerGrpc.newBlockingStub(channel).forward(
        ForwardRequest.newBuilder().setName("counter-1\r\nevent=forged").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription())
              .startsWith("ForwardRequest.name: a server name must be printable");
        });
    assertThat(forwarded).hasValue(0);
  }

  @Test
  void callerNotAdmitted_permissionDenied_andTheServiceNeverRuns() throws Exception {
    start(switchable());
    admit.set(false);
    assertThatThrownBy(() -> PeerGrpc.newBlockingStub(channel).forward(
        ForwardRequest.newBuilder().setName("counter-1").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(e.getStatus().getDescription()).contains("127.0.0.1").contains("not a member");
        });
    assertThat(forwarded).hasValue(0);
  }

  @Test
  void deadlineOfTheCaller_endsTheRelayedCall_andCancelsTheService() throws Exception {
    start(switchable());
    assertThatThrownBy(() -> PeerGrpc.newBlockingStub(channel)
        .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
        .forward(ForwardRequest.newBuilder().setName("slow").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(cancelled.await(5, TimeUnit.SECONDS)).as("the service saw the cancellation").isTrue();
  }

  @Test
  void heartbeatStream_bothWays_manyMessages_thenCompletes() throws Exception {
    start(switchable());
    LinkedBlockingQueue<Long> pongs = new LinkedBlockingQueue<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<HeartbeatPing> pings = PeerGrpc.newStub(channel).heartbeat(
        new StreamObserver<>() {
          @Override
          public void onNext(HeartbeatPong pong) {
            pongs.add(pong.getSeq());
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    int n = 500;
    for (int i = 1; i <= n; i++) {
      pings.onNext(HeartbeatPing.newBuilder().setSeq(i).build());
    }
    pings.onCompleted();
    done.get(10, TimeUnit.SECONDS);
    assertThat(pongs).hasSize(n);
    assertThat(pongs.peek()).isEqualTo(1L);
  }
}
