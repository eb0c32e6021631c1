package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.Discovery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/**
 * {@code docker-compose.yml} against the node's command line and the
 * monitoring files it mounts. {@code docker-compose config} checks the
 * compose schema; this checks that the pieces fit together.
 */
class ComposeFileTest {

  private static final int HTTP_PORT = 9464;
  private static final int GRPC_PORT = 50051;

  private static JsonNode services;
  private static Map<String, JsonNode> nodes;

  @BeforeAll
  static void load() {
    services = ComposeFile.load(RepositoryFiles.file("docker-compose.yml")).path("services");
    nodes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> service : services.properties()) {
      if (service.getValue().path("environment").has("SWITCHBOARD_NAME")) {
        nodes.put(service.getKey(), service.getValue());
      }
    }
  }

  @Test
  void nodes_threeNamedAfterTheirServicesWithExpectedSizeThree() {
    assertThat(nodes.keySet()).containsExactly("n1", "n2", "n3");
    nodes.forEach((service, node) -> {
      CommandSpec parsed = parse(node);
      assertThat(NodeCli.<String>value(parsed, "--name")).isEqualTo(service);
      assertThat(NodeCli.<Integer>value(parsed, "--expected-size")).isEqualTo(nodes.size());
    });
  }

  @Test
  void nodes_discoverEachOtherThroughANetworkAliasTheyAllCarry() {
    nodes.forEach((service, node) -> assertThat(NodeCli.<Discovery>value(parse(node), "--discovery"))
        .as(service)
        .isInstanceOfSatisfying(Discovery.Dns.class,
            dns -> assertThat(aliases(node)).as("aliases of %s", service).contains(dns.query())));
  }

  @Test
  void nodes_environmentAndCommand_useOnlyFlagsTheNodeAccepts() {
    nodes.forEach((service, node) -> {
      node.path("environment").propertyNames().forEach(name ->
          assertThat(NodeCli.nodeVariables()).as("%s: the node reads %s", service, name).contains(name));
      List<String> command = strings(node.path("command"));
      if (!command.isEmpty()) {
        assertThat(NodeCli.subcommands()).contains(command.get(0));
        command.stream().skip(1).filter(arg -> arg.startsWith("-")).forEach(arg ->
            assertThat(NodeCli.nodeOptions()).as("%s: %s", service, arg).contains(NodeCli.optionOf(arg)));
      }
    });
  }

  @Test
  void nodes_stopGracePeriod_coversTheNodesGracefulStop() {
    nodes.forEach((service, node) -> {
      Duration shutdown = NodeCli.value(parse(node), "--shutdown-timeout");
      assertThat(seconds(node.path("stop_grace_period").asString())).as(service).isGreaterThan(shutdown.toSeconds());
    });
  }

  @Test
  void ports_everyMetricsPortAndAGrpcPortArePublishedOnDistinctHostPorts() {
    Set<String> hostPorts = new HashSet<>();
    boolean grpcPublished = false;
    for (Map.Entry<String, JsonNode> node : nodes.entrySet()) {
      Map<Integer, String> published = publishedPorts(node.getValue());
      assertThat(published).as("ports of %s", node.getKey()).containsKey(HTTP_PORT);
      grpcPublished |= published.containsKey(GRPC_PORT);
      published.values().forEach(hostPort -> assertThat(hostPorts.add(hostPort)).as("host port %s once", hostPort).isTrue());
    }
    assertThat(grpcPublished).as("some node publishes gRPC %s", GRPC_PORT).isTrue();
  }

  @Test
  void prometheus_scrapesTheMetricsPortOfEveryNode() {
    JsonNode config = StrictYaml.yamlTree(RepositoryFiles.file("monitoring/prometheus.yml"));
    List<String> targets = new ArrayList<>();
    for (JsonNode job : config.path("scrape_configs")) {
      for (JsonNode staticConfig : job.path("static_configs")) {
        targets.addAll(strings(staticConfig.path("targets")));
      }
    }

    assertThat(targets).containsExactlyInAnyOrderElementsOf(
        nodes.keySet().stream().map(service -> service + ":" + HTTP_PORT).toList());
    assertThat(mountTarget(services.path("prometheus"), "./monitoring/prometheus.yml"))
        .isEqualTo("/etc/prometheus/prometheus.yml");
  }

  @Test
  void grafana_mountsTheDashboardWhereItsProvisioningLooks() {
    JsonNode grafana = services.path("grafana");
    JsonNode provider = StrictYaml.yamlTree(
        RepositoryFiles.file("monitoring/grafana/provisioning/dashboards/switchboard.yml")).path("providers").get(0);
    JsonNode dataSource = StrictYaml.yamlTree(
        RepositoryFiles.file("monitoring/grafana/provisioning/datasources/prometheus.yml")).path("datasources").get(0);

    assertThat(mountTarget(grafana, "./monitoring/grafana/provisioning")).isEqualTo("/etc/grafana/provisioning");
    String dashboard = mountTarget(grafana, "./monitoring/grafana/switchboard.json");
    assertThat(Path.of(dashboard).getParent()).isEqualTo(Path.of(provider.path("options").path("path").asString()));
    assertThat(dataSource.path("url").asString()).isEqualTo("http://prometheus:9090");
    assertThat(services.has("prometheus")).isTrue();
  }

  @Test
  void resolveMerges_localKeysWinOverMergedOnes() {
    Map<String, Object> base = Map.of("image", "a", "mem_limit", "1g");
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("<<", base);
    service.put("image", "b");

    assertThat(ComposeFile.resolveMerges(service)).isEqualTo(Map.of("image", "b", "mem_limit", "1g"));
    assertThatThrownBy(() -> ComposeFile.resolveMerges(Map.of("<<", "scalar"))).isInstanceOf(IllegalArgumentException.class);
  }

  /** The node's configuration as it parses it from the service's command (default: the image's {@code node}) and environment. */
  private static CommandSpec parse(JsonNode service) {
    List<String> command = strings(service.path("command"));
    Map<String, String> environment = new LinkedHashMap<>();
    service.path("environment").properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asString()));
    return NodeCli.parse(command.isEmpty() ? List.of("node") : command, environment);
  }

  /** Compose durations as used here: {@code 30s}, {@code 1m}. */
  private static long seconds(String duration) {
    assertThat(duration).matches("[0-9]+[sm]");
    long amount = Long.parseLong(duration.substring(0, duration.length() - 1));
    return duration.endsWith("m") ? amount * 60 : amount;
  }

  private static List<String> aliases(JsonNode service) {
    List<String> aliases = new ArrayList<>();
    for (JsonNode network : service.path("networks")) {
      aliases.addAll(strings(network.path("aliases")));
    }
    return aliases;
  }

  /** Container port → host port, from short-syntax entries such as {@code "127.0.0.1:9465:9464"}. */
  private static Map<Integer, String> publishedPorts(JsonNode service) {
    Map<Integer, String> ports = new LinkedHashMap<>();
    for (String entry : strings(service.path("ports"))) {
      String[] parts = entry.split(":");
      assertThat(parts.length).as("port entry %s names a host port", entry).isGreaterThanOrEqualTo(2);
      ports.put(Integer.parseInt(parts[parts.length - 1].replace("/tcp", "")), parts[parts.length - 2]);
    }
    return ports;
  }

  /** Where {@code source} is mounted in the service's container. */
  private static String mountTarget(JsonNode service, String source) {
    return strings(service.path("volumes")).stream()
        .map(volume -> volume.split(":"))
        .filter(parts -> parts[0].equals(source))
        .map(parts -> parts[1])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume from " + source + " in " + service.path("volumes")));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asString()));
    return values;
  }
}
