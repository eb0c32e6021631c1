package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.ProcessCluster;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code Dockerfile}'s instructions against the node's defaults; the container ITs run the image itself. */
class DockerfileTest {

  private static final Pattern CONTINUATION = Pattern.compile("\\\\\\n\\s*");

  private static List<String> instructions;

  @BeforeAll
  static void load() {
    String text = CONTINUATION.matcher(RepositoryFiles.read(RepositoryFiles.file("Dockerfile"))).replaceAll("");
    instructions = text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }

  @Test
  void baseImage_isAnArgumentDefaultingToTemurin17() {
    assertThat(instructions).startsWith("ARG BASE_IMAGE=eclipse-temurin:17-jre", "FROM ${BASE_IMAGE}");
  }

  @Test
  void expose_isExactlyTheNodesDefaultPorts() {
    CommandSpec node = NodeCli.parse(List.of("node"), Map.of());
    List<Integer> defaults = List.of(NodeCli.value(node, "--grpc-port"), NodeCli.value(node, "--http-port"),
        NodeCli.value(node, "--cluster-port"), NodeCli.value(node, "--peer-port"));

    List<Integer> exposed = Arrays.stream(argument("EXPOSE").split("\\s+")).map(Integer::valueOf).toList();

    assertThat(exposed).containsExactlyInAnyOrderElementsOf(defaults);
  }

  @Test
  void runsTheShadedJarAndTheJarsOfAppLibAsANonRootUserWithTheNodeSubcommandByDefault() {
    assertThat(argument("USER")).matches("[1-9][0-9]*(:[1-9][0-9]*)?");
    // applications' jars (AppProvider plugins) copied into /app/lib are on the classpath
    assertThat(argument("ENTRYPOINT")).contains("\"java\"",
        "\"-cp\", \"/app/switchboard.jar:/app/lib/*\", \"" + ProcessCluster.NODE_MAIN_CLASS + "\"");
    assertThat(argument("ENTRYPOINT")).contains("MaxRAMPercentage");
    assertThat(argument("CMD")).isEqualTo("[\"node\"]");
    assertThat(NodeCli.subcommands()).contains("node");
  }

  @Test
  void healthcheck_asksReadiness() {
    assertThat(argument("HEALTHCHECK")).contains("CMD [\"/usr/local/bin/healthcheck\"]");
    assertThat(RepositoryFiles.read(RepositoryFiles.file("scripts/container/healthcheck"))).contains("GET /health/ready");
  }

  /** docker-compose.yml's {@code certs} service runs compose-certs, which runs make-certs.sh, which sources lib/common.sh. */
  @Test
  void makeCerts_isInTheImageBesideItsLibrary_andTheBuildContextLetsItIn() {
    List<String> copies = instructions.stream().filter(line -> line.startsWith("COPY ")).toList();
    List<String> context = RepositoryFiles.read(RepositoryFiles.file(".dockerignore")).lines().toList();

    assertThat(copies).contains("COPY scripts/make-certs.sh /app/scripts/", "COPY scripts/lib/common.sh /app/scripts/lib/")
        .anyMatch(line -> line.contains("scripts/container/compose-certs") && line.endsWith(" /usr/local/bin/"));
    assertThat(context).contains("!scripts/make-certs.sh", "!scripts/lib/common.sh", "!scripts/container/");
    assertThat(RepositoryFiles.read(RepositoryFiles.file("scripts/make-certs.sh")))
        .contains("source \"$(dirname \"${BASH_SOURCE[0]}\")/lib/common.sh\"");
    assertThat(RepositoryFiles.read(RepositoryFiles.file("scripts/container/compose-certs")))
        .contains("/app/scripts/make-certs.sh");
  }

  /** The arguments of the only instruction {@code keyword}. */
  private static String argument(String keyword) {
    List<String> found = instructions.stream().filter(line -> line.startsWith(keyword + " ")).toList();
    assertThat(found).as("%s instructions", keyword).hasSize(1);
    return found.get(0).substring(keyword.length() + 1).strip();
  }
}
