package io.switchboard.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.switchboard.node.core.Lifecycle;
import io.switchboard.node.metrics.NodeMetrics;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.CastRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code request_id} at the edge: the real service on the in-process transport over a router
 * that records what reached it, so the test sees exactly what the edge passed on.
 */
@Timeout(30)
class SwitchboardServiceRequestIdTest {
  private final List<Routed> routed = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final NodeMetrics metrics = new NodeMetrics();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.ready();
    Backend backend = new Backend("t1", () -> new RecordingRouter(routed),
        () -> {
          throw new AssertionError("calls and casts need no topology");
        },
        limit -> Promise.completed(Reply.ok(List.of())), lifecycle, metrics, timers);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new SwitchboardService(backend)).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    timers.shutdownNow();
    metrics.close();
  }

  @Test
  void call_requestIdOf65Bytes_invalidArgumentSayingBoundAndSizeAndNothingRouted() {
    CallRequest call = callWith(ByteString.copyFrom(new byte[65]));
    assertThatThrownBy(() -> stub().call(call))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("request_id", "65", "64");
        });
    assertThat(routed).isEmpty();
  }

  @Test
  void cast_requestIdOf65Bytes_invalidArgumentAndNothingRouted() {
    CastRequest cast = CastRequest.newBuilder().setName("counter-1").setPayload(utf8("increment"))
        .setRequestId(ByteString.copyFrom(new byte[65])).build();
    assertThatThrownBy(() -> stub().cast(cast))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("65", "64");
        });
    assertThat(routed).isEmpty();
  }

  @Test
  void call_requestIdOf64Bytes_reachesTheRouterWithTheSameBytes() {
    byte[] id = new byte[64];
    for (int i = 0; i < id.length; i++) {
      id[i] = (byte) (i * 7 + 1);
    }
    assertThat(stub().call(callWith(ByteString.copyFrom(id))).getPayload())
        .isEqualTo(utf8("increment"));
    assertThat(routed).singleElement().satisfies(r -> {
      assertThat(r.op()).isEqualTo("call");
      assertThat(r.name()).isEqualTo("counter-1");
      assertThat(r.payload()).isEqualTo(utf8("increment").toByteArray());
      assertThat(r.requestId()).isEqualTo(id);
    });
  }

  @Test
  void cast_requestId_reachesTheRouterWithTheSameBytes() {
    byte[] id = "retry-me-7".getBytes(StandardCharsets.UTF_8);
    stub().cast(CastRequest.newBuilder().setName("counter-1").setPayload(utf8("increment"))
        .setRequestId(ByteString.copyFrom(id)).build());
    assertThat(routed).singleElement().satisfies(r -> {
      assertThat(r.op()).isEqualTo("cast");
      assertThat(r.requestId()).isEqualTo(id);
    });
  }

  @Test
  void call_noRequestId_routedWithNull() {
    stub().call(callWith(ByteString.EMPTY));
    assertThat(routed).singleElement().satisfies(r -> assertThat(r.requestId()).isNull());
  }

  @Test
  void bound_clientAndRouter_same() {
    assertThat(io.switchboard.client.SwitchboardClient.MAX_REQUEST_ID_BYTES)
        .isEqualTo(Router.MAX_REQUEST_ID_BYTES);
  }

  private SwitchboardGrpc.SwitchboardBlockingStub stub() {
    return SwitchboardGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static CallRequest callWith(ByteString requestId) {
    return CallRequest.newBuilder().setName("counter-1").setPayload(utf8("increment"))
        .setRequestId(requestId).build();
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  /** One request as the router got it. */
  record Routed(String op, String name, byte[] payload, byte @Nullable [] requestId) {}

  /** Records every call and cast with its request id; calls echo their payload. */
  private record RecordingRouter(List<Routed> routed) implements Router {
    @Override
    public Route route(String name) {
      return new Route() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public String kind() {
          return "counter";
        }

        @Override
        public Promise<byte[]> call(byte[] payload, Deadline deadline) {
          throw new AssertionError("the edge must route with the request id");
        }

        @Override
        public Promise<Void> cast(byte[] payload, Deadline deadline) {
          throw new AssertionError("the edge must route with the request id");
        }

        @Override
        public Promise<byte[]> call(
            byte[] payload, byte @Nullable [] requestId, Deadline deadline) {
          routed.add(new Routed("call", name, payload, copy(requestId)));
          return Promise.completed(Reply.ok(payload));
        }

        @Override
        public Promise<Void> cast(byte[] payload, byte @Nullable [] requestId, Deadline deadline) {
          routed.add(new Routed("cast", name, payload, copy(requestId)));
          return Promise.completed(Reply.ok(null));
        }
      };
    }

    @Override
    public Reply<Location> whereIs(String name) {
      return Reply.ok(new Location("t1", "localhost:0"));
    }

    private static byte @Nullable [] copy(byte @Nullable [] id) {
      return id == null ? null : Arrays.copyOf(id, id.length);
    }
  }
}
