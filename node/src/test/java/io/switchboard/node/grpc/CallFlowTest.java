package io.switchboard.node.grpc;

import static io.switchboard.node.Requests.call;
import static io.switchboard.node.Requests.code;
import static io.switchboard.node.Requests.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.switchboard.node.InProcessNode;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Deadlines, cancellation, overload and health: calls never hang and never leak. */
@Timeout(60)
class CallFlowTest {
  @TempDir Path dir;
  InProcessNode n;

  @AfterEach
  void stop() {
    if (n != null) {
      n.close();
    }
  }

  @Test
  void call_clientDeadlinePasses_deadlineExceededAndNothingLeft() throws Exception {
    n = InProcessNode.start(dir);
    ListenableFuture<CallReply> holder = n.future().call(call("gate-1", "wait"));
    assertThat(n.gate.awaitEntered()).isTrue();
    assertThat(code(() -> n.blocking().withDeadlineAfter(200, TimeUnit.MILLISECONDS)
        .call(call("gate-1", "echo late")))).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    Await.until("only the held call in flight", Duration.ofSeconds(5),
        () -> n.node.lifecycle().inFlight() == 1);
    n.gate.open();
    assertThat(holder.get(10, TimeUnit.SECONDS).getPayload().toStringUtf8()).isEqualTo("opened");
    Await.until("no call in flight", Duration.ofSeconds(5),
        () -> n.node.lifecycle().inFlight() == 0);
    assertThat(n.node.metrics().scrape())
        .contains("switchboard_calls_total{outcome=\"timeout\",server_kind=\"gate\"} 1.0");
  }

  @Test
  void call_noClientDeadline_defaultFiveSecondTimeout() throws Exception {
    n = InProcessNode.start(dir);
    ListenableFuture<CallReply> holder = n.future().withDeadlineAfter(30, TimeUnit.SECONDS)
        .call(call("gate-1", "wait"));
    assertThat(n.gate.awaitEntered()).isTrue();
    long start = System.nanoTime();
    Status.Code c = code(() -> io.switchboard.proto.v1.SwitchboardGrpc
        .newBlockingStub(n.channel).call(call("gate-1", "echo late")));
    long took = System.nanoTime() - start;
    assertThat(c).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(Duration.ofNanos(took)).isBetween(Duration.ofMillis(4500), Duration.ofSeconds(9));
    n.gate.open();
    holder.get(10, TimeUnit.SECONDS);
  }

  @Test
  void call_clientCancelsMidCall_releasedAtOnceAndNodeFine() throws Exception {
    n = InProcessNode.start(dir);
    ListenableFuture<CallReply> holder = n.future().call(call("gate-1", "wait"));
    assertThat(n.gate.awaitEntered()).isTrue();
    ListenableFuture<CallReply> victim = n.future().call(call("gate-1", "echo never"));
    Await.until("queued", Duration.ofSeconds(5), () -> n.node.lifecycle().inFlight() == 2);
    victim.cancel(true);
    Await.until("cancelled call released while the loop is still held", Duration.ofSeconds(5),
        () -> n.node.lifecycle().inFlight() == 1);
    assertThat(n.node.metrics().scrape())
        .contains("switchboard_calls_total{outcome=\"cancelled\",server_kind=\"gate\"} 1.0");
    n.gate.open();
    holder.get(10, TimeUnit.SECONDS);
    Await.until("no call in flight", Duration.ofSeconds(5),
        () -> n.node.lifecycle().inFlight() == 0);
    assertThat(text(n.blocking(), "gate-1", "echo still here")).isEqualTo("still here");
  }

  @Test
  void call_thousandConcurrentIntoFullInbox_someExhaustedNoneHang() throws Exception {
    n = InProcessNode.start(dir, c -> c.withLoops(1).withInboxCapacity(64));
    ListenableFuture<CallReply> holder = n.future().call(call("gate-1", "wait"));
    assertThat(n.gate.awaitEntered()).isTrue();
    List<ListenableFuture<CallReply>> calls = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      calls.add(n.future().withDeadlineAfter(30, TimeUnit.SECONDS)
          .call(call("gate-1", "echo " + i)));
    }
    Await.until("the inbox full and the rest refused", Duration.ofSeconds(20),
        () -> calls.stream().filter(ListenableFuture::isDone).count() >= 1000 - 64);
    n.gate.open();
    Map<Status.Code, Integer> codes = new EnumMap<>(Status.Code.class);
    for (ListenableFuture<CallReply> f : calls) {
      codes.merge(outcome(f), 1, Integer::sum);
    }
    holder.get(10, TimeUnit.SECONDS);
    assertThat(codes.keySet()).containsOnly(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
    assertThat(codes.get(Status.Code.RESOURCE_EXHAUSTED)).isGreaterThan(0);
    assertThat(codes.get(Status.Code.OK)).isBetween(1, 64);
    Await.until("no call in flight", Duration.ofSeconds(5),
        () -> n.node.lifecycle().inFlight() == 0);
    assertThat(text(n.blocking(), "counter-after", "increment")).isEqualTo("ack");
  }

  @Test
  void health_readyThenDraining_servingThenNotServing() throws Exception {
    n = InProcessNode.start(dir);
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(n.channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.newBuilder()
        .setService("switchboard.v1.Switchboard").build()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    n.node.lifecycle().drain("shutting down");
    Await.until("health follows readiness", Duration.ofSeconds(5),
        () -> health.check(HealthCheckRequest.getDefaultInstance()).getStatus()
            == ServingStatus.NOT_SERVING);
  }

  @Test
  void reflection_listsTheServices() throws Exception {
    n = InProcessNode.start(dir);
    List<String> names = new ArrayList<>();
    io.grpc.stub.StreamObserver<io.grpc.reflection.v1.ServerReflectionRequest> requests =
        io.grpc.reflection.v1.ServerReflectionGrpc.newStub(n.channel).serverReflectionInfo(
            new io.grpc.stub.StreamObserver<>() {
              @Override
              public void onNext(io.grpc.reflection.v1.ServerReflectionResponse r) {
                r.getListServicesResponse().getServiceList().forEach(s -> {
                  synchronized (names) {
                    names.add(s.getName());
                  }
                });
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    requests.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
        .setListServices("").build());
    Await.until("reflection answers", Duration.ofSeconds(5), () -> {
      synchronized (names) {
        return names.contains("switchboard.v1.Switchboard");
      }
    });
    requests.onCompleted();
    synchronized (names) {
      assertThat(names).contains("grpc.health.v1.Health");
    }
  }

  private static Status.Code outcome(ListenableFuture<CallReply> f) throws InterruptedException {
    try {
      f.get(30, TimeUnit.SECONDS);
      return Status.Code.OK;
    } catch (ExecutionException e) {
      return ((StatusRuntimeException) e.getCause()).getStatus().getCode();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("a call hung", e);
    }
  }
}
