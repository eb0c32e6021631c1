package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/**
 * TLS in {@code docker-compose.yml}: the one-shot service {@code certs} issues a certificate per
 * node into a volume, every node waits for it, mounts the volume read-only and points its
 * {@code --tls-*} options at its own files; the client port stays plaintext by default.
 */
class ComposeTlsTest {

  private static final String CERTS = "certs";

  private static JsonNode services;
  private static Map<String, JsonNode> nodes;

  @BeforeAll
  static void load() {
    services = ComposeFile.load(RepositoryFiles.file("docker-compose.yml")).path("services");
    nodes = new LinkedHashMap<>();
    services.properties().forEach(service -> {
      if (service.getValue().path("environment").has("SWITCHBOARD_NAME")) {
        nodes.put(service.getKey(), service.getValue());
      }
    });
  }

  @Test
  void certs_issuesForEveryNode_withTheNodesImage() {
    JsonNode certs = services.path(CERTS);

    assertThat(strings(certs.path("command"))).containsExactlyElementsOf(nodes.keySet());
    nodes.values().forEach(node -> assertThat(certs.path("image")).isEqualTo(node.path("image")));
    assertThat(strings(certs.path("entrypoint")).get(0)).isEqualTo("compose-certs");
  }

  @Test
  void certs_handsTheFilesToTheUserTheImageRunsAs() {
    String owner = option(CERTS, "--owner");
    String dockerfile = RepositoryFiles.read(RepositoryFiles.file("Dockerfile"));
    String user = dockerfile.lines().filter(line -> line.startsWith("USER ")).findFirst().orElseThrow().substring(5);

    // chown needs root; the nodes run as the Dockerfile's USER, whose name --owner gives
    assertThat(services.path(CERTS).path("user").asString()).isEqualTo("0:0");
    assertThat(dockerfile).contains("groupadd --system --gid " + user.split(":")[1] + " " + owner.split(":")[1])
        .containsPattern("(?s)useradd --system --uid " + user.split(":")[0] + " .*" + owner.split(":")[0]);
  }

  @Test
  void nodes_waitForCerts_andMountItsOutputReadOnly_butNotTheCa() {
    String out = option(CERTS, "--out");
    String caDir = option(CERTS, "--ca-dir");
    String volume = volumeAt(services.path(CERTS), out);
    String caVolume = volumeAt(services.path(CERTS), caDir);

    nodes.forEach((service, node) -> {
      assertThat(node.path("depends_on").path(CERTS).path("condition").asString()).as(service)
          .isEqualTo("service_completed_successfully");
      assertThat(strings(node.path("volumes"))).as(service).contains(volume + ":" + out + ":ro")
          .noneMatch(v -> v.startsWith(caVolume + ":"));
    });
  }

  @Test
  void nodes_tlsOptions_pointAtTheirOwnFiles_clientTlsOffByDefault() {
    String out = option(CERTS, "--out");
    nodes.forEach((service, node) -> {
      CommandSpec parsed = parse(node);
      assertThat(path(parsed, "--tls-ca")).as(service).isEqualTo(Path.of(out, "ca.pem"));
      assertThat(path(parsed, "--tls-cert")).as(service).isEqualTo(Path.of(out, service + ".pem"));
      assertThat(path(parsed, "--tls-key")).as(service).isEqualTo(Path.of(out, service + "-key.pem"));
      assertThat(String.valueOf(NodeCli.<Object>value(parsed, "--client-tls")).toLowerCase(Locale.ROOT))
          .as(service).isEqualTo("off");
    });
  }

  /** The value after {@code name} in the entry point of {@code service}. */
  private static String option(String service, String name) {
    List<String> entrypoint = strings(services.path(service).path("entrypoint"));
    int at = entrypoint.indexOf(name);
    assertThat(at).as("%s in the entrypoint of %s", name, service).isNotNegative();
    return entrypoint.get(at + 1);
  }

  /** The named volume {@code service} mounts at {@code target}. */
  private static String volumeAt(JsonNode service, String target) {
    return strings(service.path("volumes")).stream().map(v -> v.split(":"))
        .filter(parts -> parts[1].equals(target)).map(parts -> parts[0]).findFirst()
        .orElseThrow(() -> new AssertionError("nothing mounted at " + target));
  }

  private static Path path(CommandSpec parsed, String option) {
    return Path.of(String.valueOf(NodeCli.<Object>value(parsed, option)));
  }

  private static CommandSpec parse(JsonNode service) {
    Map<String, String> environment = new LinkedHashMap<>();
    service.path("environment").properties().forEach(e -> environment.put(e.getKey(), e.getValue().asString()));
    return NodeCli.parse(List.of("node"), environment);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asString()));
    return values;
  }
}
