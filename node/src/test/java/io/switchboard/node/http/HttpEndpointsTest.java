package io.switchboard.node.http;

import static io.switchboard.node.Requests.call;
import static io.switchboard.node.Requests.code;
import static io.switchboard.node.Requests.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.switchboard.node.InProcessNode;
import io.switchboard.node.PrometheusText;
import io.switchboard.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} and {@code /health/*} over real HTTP on loopback. */
@Timeout(60)
class HttpEndpointsTest {
  /** Every metric DESIGN.md names, as its Prometheus family name. */
  static final List<String> DESIGN_COUNTERS = List.of("switchboard_calls_total",
      "switchboard_restarts_total", "switchboard_crashes_total", "switchboard_failovers_total",
      "switchboard_heartbeats_missed_total");
  static final List<String> DESIGN_GAUGES = List.of("switchboard_inbox_size",
      "switchboard_servers", "switchboard_cluster_members", "switchboard_cluster_quorum");
  static final List<String> DESIGN_HISTOGRAMS = List.of("switchboard_call_duration_seconds",
      "switchboard_failover_seconds");

  @TempDir Path dir;
  InProcessNode n;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    n = InProcessNode.start(dir);
  }

  @AfterEach
  void stop() {
    n.close();
  }

  @Test
  void metrics_fromStart_everyDesignMetricWithItsType() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/plain"));
    PrometheusText p = PrometheusText.parse(r.body());
    for (String c : DESIGN_COUNTERS) {
      assertThat(p.samples(c)).as(c).isNotEmpty();
      assertThat(p.type(c)).as(c).hasValue("counter");
    }
    for (String g : DESIGN_GAUGES) {
      assertThat(p.samples(g)).as(g).isNotEmpty();
      assertThat(p.type(g)).as(g).hasValue("gauge");
    }
    for (String h : DESIGN_HISTOGRAMS) {
      assertThat(p.type(h)).as(h).hasValue("histogram");
      assertThat(p.samples(h + "_count")).as(h).isNotEmpty();
    }
    assertThat(p.samples("switchboard_call_duration_seconds_bucket")).isNotEmpty();
    assertThat(p.samples("switchboard_failover_seconds_bucket")).isNotEmpty();
    for (String phase : List.of("elect", "first_call")) {
      assertThat(p.value("switchboard_failover_seconds_count", Map.of("phase", phase)))
          .as(phase).hasValue(0.0);
    }
    assertThat(p.samples("switchboard_inbox_size")).extracting(s -> s.labels().get("loop"))
        .containsExactlyInAnyOrder("loop-0", "loop-1");
    assertThat(p.value("switchboard_cluster_members", Map.of())).hasValue(1.0);
    assertThat(p.value("switchboard_cluster_quorum", Map.of())).hasValue(1.0);
    assertThat(p.value("switchboard_calls_total",
        Map.of("server_kind", "counter", "outcome", "ok"))).hasValue(0.0);
    assertThat(p.value("switchboard_restarts_total", Map.of("supervisor", "demo/counters")))
        .hasValue(0.0);
    assertThat(p.samples("jvm_memory_used_bytes")).isNotEmpty();
  }

  @Test
  void metrics_afterCallsAndACrash_countedByKindAndOutcome() throws Exception {
    // Micrometer keeps function meters' state weakly (a cleared one freezes at its last value):
    // a GC before the crash must not freeze switchboard_crashes_total
    System.gc();
    text(n.blocking(), "counter-m", "increment");
    text(n.blocking(), "counter-m", "increment");
    assertThat(code(() -> n.blocking().call(call("counter-zero", "reset"))))
        .isEqualTo(Status.Code.ABORTED);
    assertThat(code(() -> n.blocking().call(call("nope", "x"))))
        .isEqualTo(Status.Code.NOT_FOUND);
    Await.until("metrics updated", Duration.ofSeconds(5), () -> metrics()
        .value("switchboard_calls_total", Map.of("server_kind", "unknown",
            "outcome", "not_found")).orElse(0.0) == 1.0);
    PrometheusText p = metrics();
    assertThat(p.value("switchboard_calls_total",
        Map.of("server_kind", "counter", "outcome", "ok"))).hasValue(2.0);
    assertThat(p.value("switchboard_calls_total",
        Map.of("server_kind", "counter", "outcome", "crashed"))).hasValue(1.0);
    assertThat(p.value("switchboard_crashes_total", Map.of())).hasValue(1.0);
    assertThat(p.value("switchboard_restarts_total", Map.of("supervisor", "demo/counters")))
        .hasValue(1.0);
    assertThat(p.value("switchboard_call_duration_seconds_count",
        Map.of("server_kind", "counter"))).hasValue(3.0);
    assertThat(p.samples("switchboard_servers").stream().mapToDouble(s -> s.value()).sum())
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void health_readyNode_liveAndReady() throws Exception {
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\n");
  }

  @Test
  void health_draining_ready503WithReasonLiveStill200() throws Exception {
    n.node.lifecycle().drain("shutting down");
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("shutting down");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPath_404_otherMethod_405() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/health").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }

  private PrometheusText metrics() {
    try {
      return PrometheusText.parse(get("/metrics").body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void apiTree_json_theTreeReplyAsTreeJsonPrintsIt() throws Exception {
    HttpResponse<String> r = get("/api/v1/tree");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    io.switchboard.proto.v1.TreeReply.Builder tree = io.switchboard.proto.v1.TreeReply.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().merge(r.body(), tree);
    assertThat(tree.getNode()).isEqualTo(n.node.config().name());
    assertThat(tree.getRootsList()).extracting(io.switchboard.proto.v1.TreeNode::getName)
        .contains("demo");
  }

  @Test
  void apiTree_treesDoNotAnswer_503() throws Exception {
    try (HttpEndpoints failing = HttpEndpoints.start("127.0.0.1", 0, () -> "", Optional::empty,
        () -> {
          throw new IllegalStateException("timeout");
        })) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + failing.port() + "/api/v1/tree")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("timeout");
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + n.node.httpPort() + path);
  }
}
