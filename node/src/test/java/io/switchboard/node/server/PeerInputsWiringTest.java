package io.switchboard.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.switchboard.node.cluster.ClusterBinding;
import io.switchboard.node.core.NodeConfig;
import io.switchboard.node.core.Topology;
import io.switchboard.proto.v1.ForwardReply;
import io.switchboard.proto.v1.ForwardRequest;
import io.switchboard.proto.v1.PeerGrpc;
import io.switchboard.supervisor.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node serves its cluster binding's services behind the Peer name check. */
@Timeout(60)
class PeerInputsWiringTest {
  @TempDir Path dir;

  @Test
  void clusterService_forwardWithControlCharacterInName_invalidArgumentBeforeTheHandler()
      throws Exception {
    AtomicInteger forwarded = new AtomicInteger();
    BindableService peer = new PeerGrpc.PeerImplBase() {
      @Override
      public void forward(ForwardRequest req, StreamObserver<ForwardReply> out) {
        forwarded.incrementAndGet();
        out.onNext(ForwardReply.getDefaultInstance());
        out.onCompleted();
      }
    };
    String name = InProcessServerBuilder.generateName();
    try (NodeServer node = NodeServer.builder(NodeConfig.standalone("peer1", dir))
        .transport(InProcessServerBuilder.forName(name))
        .cluster(local -> withServices(ClusterBinding.standalone(local), peer))
        .start()) {
      ManagedChannel ch = InProcessChannelBuilder.forName(name).build();
      try {
        PeerGrpc.PeerBlockingStub stub = PeerGrpc.newBlockingStub(ch)
            .withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> stub.forward(ForwardRequest.newBuilder()
            .setName("counter-1\r\nevent=forged").build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .startsWith("ForwardRequest.name: a server name must be printable");
            });
        assertThat(forwarded).hasValue(0);
        stub.forward(ForwardRequest.newBuilder().setName("counter-1").build());
        assertThat(forwarded).hasValue(1);
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static ClusterBinding withServices(ClusterBinding b, BindableService service) {
    return new ClusterBinding() {
      @Override
      public Router router() {
        return b.router();
      }

      @Override
      public Topology topology() {
        return b.topology();
      }

      @Override
      public Optional<String> notReadyReason() {
        return b.notReadyReason();
      }

      @Override
      public List<BindableService> services() {
        return List.of(service);
      }

      @Override
      public int clusterPort() {
        return b.clusterPort();
      }

      @Override
      public void start() throws Exception {
        b.start();
      }

      @Override
      public void leave(Duration timeout) {
        b.leave(timeout);
      }
    };
  }
}
