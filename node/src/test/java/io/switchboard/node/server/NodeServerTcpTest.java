package io.switchboard.node.server;

import static io.switchboard.node.Requests.code;
import static io.switchboard.node.Requests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.switchboard.node.core.NodeConfig;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node on real loopback TCP: bound ports and the inbound message bound. */
@Timeout(60)
class NodeServerTcpTest {
  @TempDir Path dir;

  @Test
  void call_10MiBPayload_resourceExhaustedAndNodeKeepsServing() throws Exception {
    try (NodeServer node = NodeServer.builder(NodeConfig.standalone("tcp1", dir)).start()) {
      assertThat(node.grpcPort()).isPositive();
      assertThat(node.httpPort()).isPositive().isNotEqualTo(node.grpcPort());
      ManagedChannel ch = channel(node);
      try {
        SwitchboardGrpc.SwitchboardBlockingStub stub = SwitchboardGrpc.newBlockingStub(ch)
            .withDeadlineAfter(20, TimeUnit.SECONDS);
        CallRequest huge = CallRequest.newBuilder().setName("counter-big")
            .setPayload(ByteString.copyFrom(new byte[10 * 1024 * 1024])).build();
        assertThatThrownBy(() -> stub.call(huge)).isInstanceOfSatisfying(
            io.grpc.StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription())
                  .contains("exceeds maximum size " + NodeConfig.DEFAULT_MAX_MESSAGE_BYTES);
            });
        assertThat(text(stub, "counter-big", "increment")).isEqualTo("ack");
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void maxMessageBytes_configured_enforced() throws Exception {
    NodeConfig base = NodeConfig.standalone("tcp2", dir);
    NodeConfig small = new NodeConfig(base.name(), base.host(), 0, 0, base.clusterPort(),
        base.discovery(), 1, dir, "demo", 64 * 1024, 1, 1000, base.shutdownTimeout());
    try (NodeServer node = NodeServer.builder(small).start()) {
      ManagedChannel ch = channel(node);
      try {
        SwitchboardGrpc.SwitchboardBlockingStub stub = SwitchboardGrpc.newBlockingStub(ch)
            .withDeadlineAfter(20, TimeUnit.SECONDS);
        CallRequest big = CallRequest.newBuilder().setName("counter-b")
            .setPayload(ByteString.copyFrom(new byte[100 * 1024])).build();
        assertThat(code(() -> stub.call(big))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(text(stub, "counter-b", "read")).isEqualTo("0");
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void start_httpPortTaken_failsNamingItAndReleasesTheRest() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      NodeConfig base = NodeConfig.standalone("tcp3", dir);
      NodeConfig clash = new NodeConfig(base.name(), base.host(), 0, taken.getLocalPort(),
          base.clusterPort(), base.discovery(), 1, dir, "demo", base.maxMessageBytes(), 1,
          1000, base.shutdownTimeout());
      assertThatThrownBy(() -> NodeServer.builder(clash).start())
          .isInstanceOf(java.net.BindException.class);
    }
    try (NodeServer node = NodeServer.builder(NodeConfig.standalone("tcp4", dir)).start()) {
      assertThat(node.notReadyReason()).isEmpty();
    }
  }

  private static ManagedChannel channel(NodeServer node) {
    return NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
  }
}
