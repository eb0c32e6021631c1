package io.switchboard.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ConnectivityState;
import io.grpc.ForwardingServerBuilder;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.testkit.Await;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GrpcLimitsTest {

  @Test
  void applyTo_everyTransportLimit_setToTheDocumentedValue() {
    Recorder r = GrpcLimits.DEFAULTS.applyTo(new Recorder());
    assertThat(r.set).containsExactly(
        Map.entry("maxConnectionIdle", Duration.ofMinutes(5)),
        Map.entry("maxConnectionAge", Duration.ofHours(1)),
        Map.entry("maxConnectionAgeGrace", Duration.ofSeconds(30)),
        Map.entry("keepAliveTime", Duration.ofMinutes(1)),
        Map.entry("keepAliveTimeout", Duration.ofSeconds(20)),
        Map.entry("permitKeepAliveTime", Duration.ofMinutes(1)),
        Map.entry("permitKeepAliveWithoutCalls", false),
        Map.entry("handshakeTimeout", Duration.ofSeconds(10)),
        Map.entry("maxInboundMetadataSize", 8 * 1024));
    assertThat(GrpcLimits.DEFAULTS.maxConcurrentCallsPerConnection()).isEqualTo(10_000);
  }

  @Test
  void endpointOnTcp_idleConnection_closedByTheServerAfterMaxConnectionIdle() throws Exception {
    GrpcLimits shortIdle = GrpcLimits.DEFAULTS.withMaxConnectionIdle(Duration.ofMillis(300));
    try (GrpcEndpoint endpoint = GrpcEndpoint.start(null, "127.0.0.1", 0, 1 << 20, shortIdle,
        new SwitchboardGrpc.SwitchboardImplBase() {})) {
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", endpoint.port())
          .usePlaintext().build();
      try {
        HealthGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());
        assertThat(ch.getState(false)).isEqualTo(ConnectivityState.READY);
        // the client's own idle timer is 30 min: only the server's GOAWAY makes it idle now
        Await.until("the server's idle GOAWAY", Duration.ofSeconds(20),
            () -> ch.getState(false) == ConnectivityState.IDLE);
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Records what the limits set; the in-process transport underneath is never built. */
  private static final class Recorder extends ForwardingServerBuilder<Recorder> {
    final Map<String, Object> set = new LinkedHashMap<>();

    @Override
    protected ServerBuilder<?> delegate() {
      return InProcessServerBuilder.forName("unused");
    }

    private Recorder put(String what, long value, TimeUnit unit) {
      set.put(what, Duration.ofNanos(unit.toNanos(value)));
      return this;
    }

    @Override
    public Recorder maxConnectionIdle(long value, TimeUnit unit) {
      return put("maxConnectionIdle", value, unit);
    }

    @Override
    public Recorder maxConnectionAge(long value, TimeUnit unit) {
      return put("maxConnectionAge", value, unit);
    }

    @Override
    public Recorder maxConnectionAgeGrace(long value, TimeUnit unit) {
      return put("maxConnectionAgeGrace", value, unit);
    }

    @Override
    public Recorder keepAliveTime(long value, TimeUnit unit) {
      return put("keepAliveTime", value, unit);
    }

    @Override
    public Recorder keepAliveTimeout(long value, TimeUnit unit) {
      return put("keepAliveTimeout", value, unit);
    }

    @Override
    public Recorder permitKeepAliveTime(long value, TimeUnit unit) {
      return put("permitKeepAliveTime", value, unit);
    }

    @Override
    public Recorder permitKeepAliveWithoutCalls(boolean permit) {
      set.put("permitKeepAliveWithoutCalls", permit);
      return this;
    }

    @Override
    public Recorder handshakeTimeout(long value, TimeUnit unit) {
      return put("handshakeTimeout", value, unit);
    }

    @Override
    public Recorder maxInboundMetadataSize(int bytes) {
      set.put("maxInboundMetadataSize", bytes);
      return this;
    }
  }
}
