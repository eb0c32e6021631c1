package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.CastReply;
import io.switchboard.proto.v1.CastRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code call/cast --request-id} through the real command line, against a gRPC server on loopback
 * TCP that records the {@code request_id} of what it receives.
 */
@Timeout(30)
class RequestIdFlagTest {
  private final List<ByteString> received = new CopyOnWriteArrayList<>();
  private Server server;
  private String target;

  @BeforeEach
  void start() throws Exception {
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(new Recorder()).build().start();
    target = "127.0.0.1:" + server.getPort();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void call_requestId_sentAsItsUtf8Bytes() {
    Cli r = Cli.run("call", "--target", target, "--request-id", "commande-é-7", "counter-1",
        "increment");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("increment");
    assertThat(received).containsExactly(ByteString.copyFromUtf8("commande-é-7"));
  }

  @Test
  void cast_requestId_sentAsItsUtf8Bytes() {
    Cli r = Cli.run("cast", "--target", target, "--request-id", "x".repeat(64), "counter-1",
        "increment");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(received).containsExactly(ByteString.copyFromUtf8("x".repeat(64)));
  }

  @Test
  void call_noRequestId_aFresh16ByteIdPerRun() {
    assertThat(Cli.run("call", "--target", target, "counter-1", "read").exit()).isZero();
    assertThat(Cli.run("cast", "--target", target, "counter-1", "read").exit()).isZero();
    assertThat(received).hasSize(2).allSatisfy(id -> assertThat(id.size()).isEqualTo(16));
    assertThat(received.get(0)).isNotEqualTo(received.get(1));
  }

  @Test
  void requestId_over64BytesOrEmpty_usageErrorExit2AndNothingSent() {
    // 33 × 'é' is 33 characters but 66 bytes: the bound is on bytes
    for (String bad : new String[] {"x".repeat(65), "é".repeat(33)}) {
      for (String command : new String[] {"call", "cast"}) {
        Cli r = Cli.run(command, "--target", target, "--request-id", bad, "counter-1", "read");
        assertThat(r.exit()).as(command + " " + bad).isEqualTo(2);
        assertThat(r.err()).contains("--request-id", "1..64 bytes", "this one is "
            + bad.getBytes(StandardCharsets.UTF_8).length);
      }
    }
    Cli empty = Cli.run("call", "--target", target, "--request-id", "", "counter-1", "read");
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).contains("this one is 0");
    assertThat(received).isEmpty();
  }

  @Test
  void requestId_notReadFromTheEnvironment() {
    Cli r = Cli.run(Map.of("SWITCHBOARD_REQUEST_ID", "exported"), "call", "--target", target,
        "counter-1", "read");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(received).singleElement()
        .satisfies(id -> assertThat(id.size()).isEqualTo(16))
        .isNotEqualTo(ByteString.copyFromUtf8("exported"));
  }

  /** Records every request id; calls echo their payload, casts are acknowledged. */
  private final class Recorder extends SwitchboardGrpc.SwitchboardImplBase {
    @Override
    public void call(CallRequest request, StreamObserver<CallReply> out) {
      received.add(request.getRequestId());
      out.onNext(CallReply.newBuilder().setPayload(request.getPayload()).build());
      out.onCompleted();
    }

    @Override
    public void cast(CastRequest request, StreamObserver<CastReply> out) {
      received.add(request.getRequestId());
      out.onNext(CastReply.getDefaultInstance());
      out.onCompleted();
    }
  }
}
