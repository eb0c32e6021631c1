package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.switchboard.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's walk-through "Your own application", run as written: each block marked
 * {@code <!-- walkthrough:NAME -->} runs in bash from the repository's top directory, and every
 * command whose line ends in {@code # → TEXT} must print exactly TEXT. The block that builds the
 * jar is not run: {@code ./mvnw verify} has just built it (a nested Maven build would rewrite the
 * target directories under the running one).
 */
class ReadmeWalkthroughIT {
  private static final Duration LOCAL = Duration.ofMinutes(3);
  private static final Duration COMPOSE = Duration.ofMinutes(8);
  private static final Duration PORT_WAIT = Duration.ofSeconds(60);

  @Test
  @Timeout(240)
  void localNode_blockAsWritten_printsWhatTheReadmeSays() throws Exception {
    requireFree(50071, 9481, 7881);
    run("local", LOCAL);
  }

  @Test
  @Timeout(600)
  void composeCluster_fromTheAppImage_printsWhatTheReadmeSays() throws Exception {
    DockerRequirement.requireEngine();
    requireFree(50051, 50052, 50053, 9464, 9465, 9466);
    try {
      run("compose", COMPOSE);
    } finally {
      Processes.run(Duration.ofMinutes(2), RepositoryFiles.root(), java.util.Map.of(),
          List.of("docker-compose", "down", "-v"));
    }
  }

  /** The bash script of block {@code name}: its lines, each {@code # →} line checked. */
  static String script(String readme, String name) {
    String marker = "<!-- walkthrough:" + name + " -->";
    int at = readme.indexOf(marker);
    assertThat(at).as("README marker %s", marker).isNotNegative();
    int start = readme.indexOf("```bash\n", at) + "```bash\n".length();
    int end = readme.indexOf("```", start);
    StringBuilder s = new StringBuilder("set -euo pipefail\n"
        // the harness's own line: a failed run leaves no node behind
        + "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n");
    for (String line : readme.substring(start, end).split("\n")) {
      int arrow = line.indexOf("# → ");
      if (arrow < 0) {
        s.append(line).append('\n');
        continue;
      }
      String command = line.substring(0, arrow).trim();
      String expected = line.substring(arrow + "# → ".length()).trim();
      s.append("out=$(").append(command).append(")\n")
          .append("if [ \"$out\" != ").append(quote(expected)).append(" ]; then echo ")
          .append(quote("walkthrough: " + command + " printed '")).append("\"$out\"")
          .append(quote("', the README says '" + expected + "'"))
          .append(" >&2; exit 1; fi\n")
          .append("echo ").append(quote("ok: " + command + " → ")).append("\"$out\"\n");
    }
    return s.toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static void run(String name, Duration timeout) throws Exception {
    Path root = RepositoryFiles.root();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    Path log = Files.createTempFile("walkthrough-" + name, ".log");
    Process p = new ProcessBuilder("bash", "-c", script(readme, name)).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(done).as("walkthrough %s finished within %s\n%s", name, timeout, output).isTrue();
    assertThat(p.exitValue()).as("walkthrough %s exit\n%s", name, output).isZero();
    assertThat(output).contains("ok: ");
  }

  /**
   * The walk-through's ports are fixed by the README (50051–50053 are in Linux's default ephemeral
   * range, so an outgoing connection of an earlier test may hold one for a moment; {@code
   * scripts/ci-setup.sh} reserves them). Waits up to {@link #PORT_WAIT} for each, then fails naming
   * what holds it.
   */
  private static void requireFree(int... ports) {
    for (int port : ports) {
      Await.atMost(PORT_WAIT).pollEvery(Duration.ofMillis(200)).onTimeout(() -> holders(port))
          .until("port " + port + " (the README walk-through uses it) is free", () -> free(port));
    }
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String holders(int port) {
    try {
      return Processes.run(Duration.ofSeconds(10), RepositoryFiles.root(), java.util.Map.of(),
          List.of("ss", "-tanp", "sport = :" + port)).toString();
    } catch (Exception e) {
      return "(ss failed: " + e + ")";
    }
  }
}
