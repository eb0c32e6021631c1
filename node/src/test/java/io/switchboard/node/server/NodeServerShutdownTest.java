package io.switchboard.node.server;

import static io.switchboard.node.Requests.call;
import static io.switchboard.node.Requests.code;
import static io.switchboard.node.Requests.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.switchboard.node.InProcessNode;
import io.switchboard.node.app.CounterFiles;
import io.switchboard.node.core.Lifecycle;
import io.switchboard.node.core.NodeConfig;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The graceful stop: readiness first, new calls refused, pending calls finish, state saved. */
@Timeout(60)
class NodeServerShutdownTest {
  @TempDir Path dir;

  @Test
  void close_withPendingCall_notReadyRefusesNewFinishesPending() throws Exception {
    try (InProcessNode n = InProcessNode.start(dir)) {
      ListenableFuture<CallReply> pending = n.future().withDeadlineAfter(30, TimeUnit.SECONDS)
          .call(call("gate-1", "wait"));
      assertThat(n.gate.awaitEntered()).isTrue();
      Thread closer = new Thread(n.node::close, "closer");
      closer.start();
      Await.until("draining", Duration.ofSeconds(5),
          () -> n.node.lifecycle().phase() == Lifecycle.Phase.DRAINING);
      HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + n.node.httpPort() + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("shutting down");
      assertThat(code(() -> n.blocking().call(call("counter-new", "read"))))
          .isEqualTo(Status.Code.UNAVAILABLE);
      n.gate.open();
      assertThat(pending.get(10, TimeUnit.SECONDS).getPayload().toStringUtf8())
          .isEqualTo("opened");
      closer.join(20_000);
      assertThat(closer.isAlive()).isFalse();
      assertThat(n.node.lifecycle().phase()).isEqualTo(Lifecycle.Phase.STOPPED);
    }
  }

  @Test
  void close_pendingCallNeverFinishes_boundedByShutdownTimeout() throws Exception {
    try (InProcessNode n = InProcessNode.start(dir, c -> new NodeConfig(c.name(), c.host(),
        c.grpcPort(), c.httpPort(), c.clusterPort(), c.discovery(), c.expectedSize(),
        c.dataDir(), c.apps(), c.maxMessageBytes(), c.loops(), c.inboxCapacity(),
        Duration.ofSeconds(2), c.clusterName(), c.replication()))) {
      n.future().withDeadlineAfter(30, TimeUnit.SECONDS).call(call("gate-1", "wait"));
      assertThat(n.gate.awaitEntered()).isTrue();
      long start = System.nanoTime();
      n.node.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }
  }

  @Test
  void close_countersSaved_restartedNodeSeesThem() throws Exception {
    try (InProcessNode n = InProcessNode.start(dir)) {
      for (int i = 0; i < 3; i++) {
        text(n.blocking(), "counter-saved", "increment");
      }
    }
    assertThat(CounterFiles.file(dir, "counter-saved")).content().isEqualTo("3");
    try (InProcessNode again = InProcessNode.start(dir)) {
      assertThat(text(again.blocking(), "counter-saved", "read")).isEqualTo("3");
    }
  }
}
