package io.switchboard.node.deploy;

import io.switchboard.testkit.NodeClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.DockerComposeContainer;
import tools.jackson.databind.JsonNode;

/**
 * The three nodes of the real {@code docker-compose.yml}, brought up by Testcontainers with
 * the local {@code docker-compose} (v1) for one test class, then torn down.
 *
 * <ul>
 *   <li>Only the services {@link #SERVICES} start (with {@link #CERTS}, their dependency, which
 *       issues their certificates first): Prometheus and Grafana are left out, their
 *       images cannot be pulled here (MonitoringIT runs Debian's prometheus instead). Nothing
 *       is pulled or built by compose: the nodes run {@link NodeImage#TAG}, passed as
 *       {@code SWITCHBOARD_IMAGE}.</li>
 *   <li>Each run has its own compose project ({@code <prefix><6 random chars>}), and a small
 *       override file labels its containers and network ({@link ItLabel}), so leftovers of a
 *       killed run are found and removed by label.</li>
 *   <li>The published ports are those of {@code docker-compose.yml} (gRPC 50051-50053,
 *       metrics 9464-9466 on 127.0.0.1): {@link #up} fails at once, with a hint, when one is
 *       taken (a developer's own compose stack, say).</li>
 *   <li>{@link #close()} keeps each node's log under {@code node/target/container-logs/} and
 *       runs {@code docker-compose down -v}, then removes anything labelled that survived.</li>
 * </ul>
 *
 * <p>Not thread-safe: one test thread drives it. Every wait is bounded.
 */
final class ComposeCluster implements AutoCloseable {

  static final List<String> SERVICES = List.of("n1", "n2", "n3");
  /** The one-shot service that issues the nodes' TLS certificates; compose starts it first, as their dependency. */
  static final String CERTS = "certs";
  static final int GRPC_PORT = 50051;
  static final int HTTP_PORT = 9464;
  /** The bound of one gRPC call made by the ITs. */
  static final Duration CALL = Duration.ofSeconds(5);
  /** The bound of bringing the cluster up (containers, JVMs, JGroups views, quorum). */
  static final Duration FORM_TIMEOUT = Duration.ofSeconds(120);

  /** A node container: its compose service, container id, aliases and published host ports. */
  record Node(String service, String container, List<String> aliases, int grpcPort, int httpPort) {}

  private final DockerComposeContainer<?> compose;
  private final String network;
  private final Map<String, Node> nodes;
  private final Map<String, NodeClient> clients = new LinkedHashMap<>();

  private ComposeCluster(DockerComposeContainer<?> compose, String network, Map<String, Node> nodes) {
    this.compose = compose;
    this.network = network;
    this.nodes = nodes;
  }

  /**
   * Starts n1..n3 and waits until they formed one cluster with a quorum. {@code prefix} (lower
   * case letters) starts the compose project's name.
   */
  static ComposeCluster up(String prefix) {
    return up(prefix, NodeImage.ensureBuilt(), Map.of());
  }

  /**
   * {@link #up(String)} with the nodes running {@code image} (an app image, say) and
   * {@code env} given to docker-compose for its {@code ${...}} variables ({@code SWITCHBOARD_APP}).
   */
  static ComposeCluster up(String prefix, String image, Map<String, String> env) {
    JsonNode services = ComposeFile.load(RepositoryFiles.file("docker-compose.yml")).path("services");
    Map<String, Map<Integer, Integer>> ports = new LinkedHashMap<>();
    SERVICES.forEach(service -> ports.put(service, ComposeFile.publishedPorts(services.path(service))));
    ports.forEach(ComposeCluster::requireFree);
    ItLabel.removeLeftovers();

    DockerComposeContainer<?> compose = new DockerComposeContainer<>(prefix,
        RepositoryFiles.file("docker-compose.yml").toFile(), ItLabel.composeOverride(labelled()).toFile())
        .withServices(SERVICES.toArray(String[]::new))
        .withEnv("SWITCHBOARD_IMAGE", image)
        .withEnv(env)
        .withPull(false)
        .withBuild(false)
        .withRemoveVolumes(true);
    ComposeCluster cluster = null;
    try {
      compose.start();
      Map<String, Node> nodes = new LinkedHashMap<>();
      String network = null;
      for (String service : SERVICES) {
        String id = compose.getContainerByServiceName(service + "_1").map(ContainerState::getContainerId)
            .orElseThrow(() -> new AssertionError("docker-compose started no container for " + service));
        List<String> networks = Docker.networks(id);
        if (networks.size() != 1) {
          throw new AssertionError(service + " should be on one network, the cluster's, not " + networks);
        }
        network = networks.get(0);
        nodes.put(service, new Node(service, id, aliases(id, network),
            ports.get(service).get(GRPC_PORT), ports.get(service).get(HTTP_PORT)));
      }
      cluster = new ComposeCluster(compose, network, nodes);
      cluster.awaitFormed();
      return cluster;
    } catch (RuntimeException | Error e) {
      if (cluster != null) {
        cluster.close();
      } else {
        try {
          compose.stop();
        } finally {
          ItLabel.removeLeftovers();
        }
      }
      throw e;
    }
  }

  /** The services whose containers carry the IT label: the nodes and {@link #CERTS}. */
  private static List<String> labelled() {
    List<String> services = new ArrayList<>(SERVICES);
    services.add(CERTS);
    return services;
  }

  List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  Node node(String service) {
    Node node = nodes.get(service);
    if (node == null) {
      throw new IllegalArgumentException("no node " + service + "; the nodes are " + SERVICES);
    }
    return node;
  }

  /** The compose network the nodes discover each other on. */
  String network() {
    return network;
  }

  /** A gRPC client of the node's published port (one per node, closed with the cluster). */
  NodeClient client(String service) {
    return clients.computeIfAbsent(service, s -> new NodeClient("127.0.0.1", node(s).grpcPort()));
  }

  /** The sorted member names {@code service} reports, empty when it does not answer. */
  List<String> members(String service) {
    return client(service).members(CALL).stream().sorted().toList();
  }

  /** Waits until every node is ready (HTTP 200) and sees all three members. */
  void awaitFormed() {
    for (Node node : nodes.values()) {
      Poll.atMost(FORM_TIMEOUT).until(node.service() + " ready with members " + SERVICES,
          () -> Http.status(node.httpPort(), "/health/ready") + " " + members(node.service()),
          answer -> answer.equals("200 " + SERVICES));
    }
  }

  /**
   * Undoes what a failed test may have left behind (a killed, frozen or disconnected node; a
   * passing test heals its own faults), then waits until the cluster formed again.
   */
  void restore() {
    for (Node node : nodes.values()) {
      switch (Docker.status(node.container())) {
        case "paused" -> Docker.unpause(node.container());
        case "exited", "created" -> Docker.start(node.container());
        default -> { }
      }
      if (!Docker.networks(node.container()).contains(network)) {
        Docker.connect(network, node.container(), node.aliases());
      }
    }
    awaitFormed();
  }

  @Override
  public void close() {
    clients.values().forEach(NodeClient::close);
    clients.clear();
    try {
      for (Node node : nodes.values()) {
        saveLog(node);
        if ("paused".equals(Docker.status(node.container()))) {
          Docker.unpause(node.container());
        }
      }
    } finally {
      try {
        compose.stop();
      } finally {
        ItLabel.removeLeftovers();
      }
    }
  }

  private static List<String> aliases(String container, String network) {
    String json = Docker.inspect(container, "{{json (index .NetworkSettings.Networks \"" + network + "\").Aliases}}");
    List<String> aliases = new ArrayList<>();
    StrictYaml.JSON.readTree(json).forEach(alias -> aliases.add(alias.asString()));
    return aliases;
  }

  private static void requireFree(String service, Map<Integer, Integer> published) {
    for (int port : published.values()) {
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        probe.getLocalPort();
      } catch (IOException e) {
        throw new AssertionError("127.0.0.1:" + port + " (published by " + service + " in docker-compose.yml) is"
            + " taken: is a compose stack of Switchboard running? Stop it (docker-compose down) and rerun.", e);
      }
    }
  }

  /** Writes the node's whole log to node/target/container-logs/. */
  private void saveLog(Node node) {
    try {
      Path dir = Files.createDirectories(RepositoryFiles.root().resolve("node/target/container-logs"));
      Docker.saveLog(node.container(), dir.resolve(network + "-" + node.service() + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the log of " + node.service(), e);
    }
  }
}
