package io.switchboard.cluster.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.switchboard.proto.v1.ChildCallReply;
import io.switchboard.proto.v1.ChildCallRequest;
import io.switchboard.proto.v1.ForwardReply;
import io.switchboard.proto.v1.ForwardRequest;
import io.switchboard.proto.v1.PeerGrpc;
import io.switchboard.proto.v1.StartChildReply;
import io.switchboard.proto.v1.StartChildRequest;
import io.switchboard.proto.v1.StopChildReply;
import io.switchboard.proto.v1.StopChildRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real gRPC in-process transport; the Peer handlers only count what reaches them. */
@Timeout(30)
class PeerInputsTest {
  private static final String BAD = "counter-1\nevent=forged";

  private final AtomicInteger handled = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;
  private PeerGrpc.PeerBlockingStub peer;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(PeerInputs.guard(new CountingPeer())).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    peer = PeerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void everyNamedRequest_badName_invalidArgumentNamingTheFieldAndHandlerNotCalled() {
    assertRefused(() -> peer.forward(ForwardRequest.newBuilder().setName(BAD).build()),
        "ForwardRequest.name");
    assertRefused(() -> peer.startChild(StartChildRequest.newBuilder().setChild(BAD).build()),
        "StartChildRequest.child");
    assertRefused(() -> peer.stopChild(StopChildRequest.newBuilder().setChild(BAD).build()),
        "StopChildRequest.child");
    assertRefused(() -> peer.childCall(ChildCallRequest.newBuilder().setChild(BAD).build()),
        "ChildCallRequest.child");
    assertThat(handled).hasValue(0);
  }

  @Test
  void everyNamedRequest_goodName_reachesTheHandler() {
    peer.forward(ForwardRequest.newBuilder().setName("counter-1").build());
    peer.startChild(StartChildRequest.newBuilder().setChild("worker 1").build());
    peer.stopChild(StopChildRequest.newBuilder().setChild("worker 1").build());
    peer.childCall(ChildCallRequest.newBuilder().setChild("worker 1").build());
    assertThat(handled).hasValue(4);
  }

  private static void assertRefused(Runnable rpc, String field) {
    assertThatThrownBy(rpc::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).startsWith(field + ": a server name");
    });
  }

  /** Answers every request with an empty reply and counts it. */
  private final class CountingPeer extends PeerGrpc.PeerImplBase {
    private <T> void answer(T reply, StreamObserver<T> out) {
      handled.incrementAndGet();
      out.onNext(reply);
      out.onCompleted();
    }

    @Override
    public void forward(ForwardRequest req, StreamObserver<ForwardReply> out) {
      answer(ForwardReply.getDefaultInstance(), out);
    }

    @Override
    public void startChild(StartChildRequest req, StreamObserver<StartChildReply> out) {
      answer(StartChildReply.getDefaultInstance(), out);
    }

    @Override
    public void stopChild(StopChildRequest req, StreamObserver<StopChildReply> out) {
      answer(StopChildReply.getDefaultInstance(), out);
    }

    @Override
    public void childCall(ChildCallRequest req, StreamObserver<ChildCallReply> out) {
      answer(ChildCallReply.getDefaultInstance(), out);
    }
  }
}
