package io.switchboard.node.deploy;

import static io.switchboard.node.deploy.ComposeCluster.CALL;
import static io.switchboard.node.deploy.ComposeCluster.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.NodeClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real {@code docker-compose.yml}: its three nodes, from the image built here, find each
 * other by DNS and serve the demo application through every published gRPC port.
 */
@Timeout(300)
class ComposeClusterIT {

  /** Enough counters for every node to own some (placement is deterministic for fixed names). */
  private static final List<String> COUNTERS = IntStream.range(0, 12).mapToObj(i -> "counter-compose-" + i).toList();

  private static ComposeCluster cluster;

  @BeforeAll
  static void up() {
    DockerRequirement.requireEngine();
    cluster = ComposeCluster.up("sbcompose");
  }

  @AfterAll
  static void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void members_askedThroughEveryPublishedPort_areTheThreeServices() {
    for (String service : SERVICES) {
      assertThat(cluster.members(service)).as("members seen by %s", service).isEqualTo(SERVICES);
    }
  }

  @Test
  void readiness_everyNode_200AndDockerHealthcheckHealthy() {
    for (ComposeCluster.Node node : cluster.nodes()) {
      assertThat(Http.status(node.httpPort(), "/health/ready")).as("readiness of %s", node.service()).isEqualTo(200);
      assertThat(Http.status(node.httpPort(), "/health/live")).as("liveness of %s", node.service()).isEqualTo(200);
      // the image's HEALTHCHECK (every 5 s) asks the same endpoint from inside the container
      Poll.atMost(Duration.ofSeconds(60)).until(node.service() + " healthy by its HEALTHCHECK",
          () -> Docker.health(node.container()), "healthy"::equals);
    }
  }

  @Test
  void counters_incrementedThroughEveryNode_readTheSameTotalEverywhere() {
    for (String name : COUNTERS) {
      for (String service : SERVICES) {
        assertThat(cluster.client(service).call(name, "increment", CALL)).as("%s increment via %s", name, service)
            .hasToString("ack");
      }
    }
    for (String name : COUNTERS) {
      for (String service : SERVICES) {
        assertThat(cluster.client(service).call(name, "read", CALL)).as("%s read via %s", name, service)
            .hasToString(String.valueOf(SERVICES.size()));
      }
    }
  }

  @Test
  void whereIs_askedOfEveryNode_agreesAndSpreadsNamesOverAllNodes() {
    Map<String, String> owners = new LinkedHashMap<>();
    for (String name : COUNTERS) {
      // a shard's leadership may still move to its preferred replica right after forming
      List<String> answers = Poll.atMost(Duration.ofSeconds(30)).until("n1, n2, n3 agree on the leader of " + name,
          () -> SERVICES.stream().map(cluster::client).map(client -> client.whereIs(name, CALL))
              .map(NodeClient.Result::toString).toList(),
          a -> a.stream().distinct().count() == 1 && a.get(0).matches("n[0-9]+"));
      owners.put(name, answers.get(0));
    }
    // every node owns some of the names, so calls were forwarded between containers
    assertThat(new TreeSet<>(owners.values())).as("owners %s", owners).containsExactlyElementsOf(SERVICES);
  }
}
