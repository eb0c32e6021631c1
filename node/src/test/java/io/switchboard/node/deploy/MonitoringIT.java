package io.switchboard.node.deploy;

import static io.switchboard.node.deploy.ComposeCluster.CALL;
import static io.switchboard.node.deploy.ComposeCluster.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.switchboard.testkit.NodeClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The monitoring set-up against live nodes: Debian's Prometheus, started with the project's
 * scrape configuration, scrapes the compose cluster while it serves calls, survives a crash
 * and fails over a killed node; then every PromQL expression of the Grafana dashboard returns
 * data from it, and the dashboard names only metrics the nodes really export.
 */
@Timeout(300)
class MonitoringIT {

  /** The fixed ranges that stand in for Grafana's variables (the scrape interval is 5 s). */
  private static final Map<String, String> GRAFANA_RANGES = Map.of(
      "__rate_interval", "1m", "__interval", "15s", "__range", "5m");
  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");
  private static final Duration SCRAPED = Duration.ofSeconds(90);
  private static final Duration FAILOVER = Duration.ofSeconds(45);

  private static ComposeCluster cluster;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void upScrapedAndExercised(@TempDir Path work) {
    DockerRequirement.requireEngine();
    Path executable = PrometheusServer.requireInstalled();
    cluster = ComposeCluster.up("sbmonitoring");
    prometheus = PrometheusServer.start(executable, PrometheusServer.projectConfig(MonitoringIT::publishedTarget), work);
    Poll.atMost(SCRAPED).until("prometheus scrapes all three nodes", prometheus::targetsUp,
        up -> up.size() == SERVICES.size() && up.values().stream().allMatch("1"::equals));
    exercise();
  }

  @AfterAll
  static void down() {
    try {
      if (prometheus != null) {
        prometheus.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  void dashboard_everyExpression_returnsDataFromPrometheus() {
    Map<String, String> expressions = dashboardExpressions();
    assertThat(expressions).isNotEmpty();
    Map<String, String> lastAnswers = new LinkedHashMap<>();
    Poll.atMost(SCRAPED).until("every dashboard expression returns data", () -> {
      lastAnswers.clear();
      // keeps the 1 m rates of calls and latencies above zero while we wait; a call refused
      // while the cluster settles after the failover test is asked again in the next round
      trafficProblems().forEach(problem -> lastAnswers.put("traffic", problem));
      expressions.forEach((expression, panel) -> {
        Optional<JsonNode> data = prometheus.query(withFixedRanges(expression));
        if (!data.map(MonitoringIT::hasAFiniteSample).orElse(false)) {
          lastAnswers.put(panel + ": " + expression, data.map(JsonNode::toString).orElse("no answer"));
        }
      });
      return new LinkedHashMap<>(lastAnswers);
    }, Map::isEmpty);
  }

  @Test
  void dashboard_referencesOnlyMetricsTheNodesExport() {
    Set<String> exported = new TreeSet<>();
    for (ComposeCluster.Node node : cluster.nodes()) {
      String text = Http.body(node.httpPort(), "/metrics").orElseThrow(() -> new AssertionError(node.service() + " /metrics"));
      text.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("[{ ]", 2)[0]).forEach(exported::add);
    }
    Set<String> referenced = new TreeSet<>();
    dashboardExpressions().keySet().forEach(expression -> referenced.addAll(PromQl.metricNames(expression)));

    assertThat(referenced).isNotEmpty();
    assertThat(exported).as("series the nodes export").containsAll(referenced);
    assertThat(referenced).allSatisfy(name -> assertThat(ExportedMetrics.isExported(name)).as("%s is in DESIGN.md's list", name).isTrue());
  }

  /** Calls through every node, one crash and one failover, so every series has something to show. */
  private static void exercise() {
    traffic();
    NodeClient first = cluster.client("n1");
    assertThat(first.call("counter-monitoring-crash", "reset", CALL).code()).as("reset at 0 crashes").isEqualTo(Status.Code.ABORTED);
    assertThat(first.call("counter-monitoring-crash", "increment", CALL)).as("restarted after the crash").hasToString("ack");

    String name = "counter-monitoring-failover";
    assertThat(first.call(name, "increment", CALL)).hasToString("ack");
    String owner = first.whereIs(name, CALL).toString();
    assertThat(owner).isIn(SERVICES);
    String survivor = SERVICES.stream().filter(s -> !s.equals(owner)).findFirst().orElseThrow();
    Docker.kill(cluster.node(owner).container());
    Poll.atMost(FAILOVER).until(survivor + " serves " + name + " after the kill",
        () -> cluster.client(survivor).call(name, "read", Duration.ofSeconds(2)), NodeClient.Result::ok);
    Docker.start(cluster.node(owner).container());
    cluster.awaitFormed();
    Poll.atMost(SCRAPED).until("prometheus scrapes the restarted " + owner, prometheus::targetsUp,
        up -> up.values().stream().allMatch("1"::equals));
  }

  /** {@link #traffic()} without failing: what went wrong, empty when every call succeeded. */
  private static java.util.List<String> trafficProblems() {
    java.util.List<String> problems = new java.util.ArrayList<>();
    for (String service : SERVICES) {
      NodeClient client = cluster.client(service);
      for (int i = 0; i < 4; i++) {
        NodeClient.Result r = client.call("counter-monitoring-" + i, "increment", CALL);
        if (!r.ok()) {
          problems.add("counter-monitoring-" + i + " via " + service + ": " + r);
        }
      }
      NodeClient.Result line = client.call("line-monitoring-" + service, "state", CALL);
      if (!line.ok()) {
        problems.add("line-monitoring-" + service + " via " + service + ": " + line);
      }
    }
    return problems;
  }

  /** A few counter and telephone-line calls through every node. */
  private static void traffic() {
    for (String service : SERVICES) {
      NodeClient client = cluster.client(service);
      for (int i = 0; i < 4; i++) {
        assertThat(client.call("counter-monitoring-" + i, "increment", CALL)).hasToString("ack");
      }
      assertThat(client.call("line-monitoring-" + service, "state", CALL).ok()).isTrue();
    }
  }

  /** The published metrics port of a scrape target {@code nK:9464} of monitoring/prometheus.yml. */
  private static String publishedTarget(String target) {
    String[] hostPort = target.split(":");
    assertThat(Integer.parseInt(hostPort[1])).as("container port of %s", target).isEqualTo(ComposeCluster.HTTP_PORT);
    return "127.0.0.1:" + cluster.node(hostPort[0]).httpPort();
  }

  /** Every query of the dashboard (panels nested in rows too), with its panel's title. */
  private static Map<String, String> dashboardExpressions() {
    JsonNode dashboard = StrictYaml.JSON.readTree(RepositoryFiles.read(RepositoryFiles.file("monitoring/grafana/switchboard.json")));
    Map<String, String> expressions = new LinkedHashMap<>();
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    for (int i = 0; i < panels.size(); i++) {
      JsonNode panel = panels.get(i);
      panel.path("panels").forEach(panels::add);
      panel.path("targets").forEach(target -> expressions.put(target.path("expr").asString(), panel.path("title").asString()));
    }
    return expressions;
  }

  /** {@code expression} with Grafana's range variables replaced by {@link #GRAFANA_RANGES}; fails on any other variable. */
  static String withFixedRanges(String expression) {
    return GRAFANA_VARIABLE.matcher(expression).replaceAll(match -> {
      String range = GRAFANA_RANGES.get(match.group(1));
      if (range == null) {
        throw new AssertionError("the dashboard uses the variable $" + match.group(1) + ", which the test cannot resolve: "
            + expression);
      }
      return range;
    });
  }

  /** True for an instant vector or scalar with at least one finite value (not NaN, not ±Inf). */
  private static boolean hasAFiniteSample(JsonNode data) {
    JsonNode result = data.path("result");
    if ("scalar".equals(data.path("resultType").asString())) {
      return isFinite(result.get(1).asString());
    }
    for (JsonNode series : result) {
      if (isFinite(series.path("value").get(1).asString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFinite(String value) {
    try {
      return Double.isFinite(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
