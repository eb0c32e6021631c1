package io.switchboard.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged node as users run it: {@code java -jar target/switchboard.jar node}, called
 * through the packaged CLI, stopped with SIGTERM (exit 0, counters saved), restarted on the same
 * data directory (counters back).
 */
@Timeout(180)
class NodeProcessIT {
  private static final Pattern READY = Pattern.compile(
      "switchboard node (\\S+) ready grpc=(\\d+) http=(\\d+) cluster=(\\d+)");
  private static final Duration STOP = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final List<ChildProcess> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(ChildProcess::close);
  }

  @Test
  void node_sigtermThenRestart_exit0AndCountersKept() throws Exception {
    assertThat(NodeJar.path()).as("run 'package' first").exists();
    Path data = dir.resolve("data");

    RunningNode first = startNode(data);
    assertThat(httpStatus(first.http(), "/health/ready")).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      JarCli inc = JarCli.run("call", "--target", first.target(), "counter-it", "increment");
      assertThat(inc.out()).as("stdout of call; stderr: %s", inc.err()).isEqualTo("ack");
    }
    JarCli missing = JarCli.run("call", "--target", first.target(), "nosuch-x", "read");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).startsWith("NOT_FOUND: ");

    assertThat(first.process.terminate(STOP)).as("exit after SIGTERM\n%s", first.output())
        .isZero();
    assertThat(first.output()).contains("event=node_stopped");
    assertThat(data.resolve("counters").resolve("counter-it")).content().isEqualTo("3");

    RunningNode second = startNode(data);
    assertThat(JarCli.run("call", "--target", second.target(), "counter-it", "read").out())
        .isEqualTo("3");
    assertThat(second.process.terminate(STOP)).as("exit after SIGTERM\n%s", second.output())
        .isZero();
  }

  /**
   * OTP: when a permanent application terminates, the node stops. The demo's counters crash on
   * {@code reset} at 0; more than 100 crashes in 5 s make the counters' supervisor give up, its
   * root restarts it once (intensity 1 in 5 s), and the next burst makes the root give up: the
   * node leaves and exits 3.
   */
  @Test
  void node_permanentApplicationGivesUp_nodeStopsWithExit3() throws Exception {
    RunningNode node = startNode(dir.resolve("data"));
    int port = Integer.parseInt(node.readyLine().group(2));
    int calls = 0;
    try (io.switchboard.testkit.NodeClient client =
        new io.switchboard.testkit.NodeClient("127.0.0.1", port)) {
      while (node.process.isAlive() && calls < 2_000) {
        client.call("counter-crash-" + calls++, "reset", Duration.ofSeconds(2));
      }
    }
    assertThat(node.process.awaitExit(Duration.ofSeconds(60))).as("exited after %d crashing calls"
        + "\n%s", calls, node.output()).isTrue();
    assertThat(node.process.exitCode()).as(node.output()).isEqualTo(3);
    assertThat(node.output()).contains("event=app_stopped").contains("event=node_stopped")
        .contains("switchboard node: application supervisor demo gave up");
  }

  private RunningNode startNode(Path data) throws IOException {
    Path log = Files.createTempFile(dir, "node", ".log");
    ChildProcess p = ChildProcess.start("node it1", List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-jar", NodeJar.path().toString(), "node", "--name", "it1", "--grpc-port", "0",
        "--http-port", "0", "--data-dir", data.toString(), "--loops", "2"), log);
    started.add(p);
    p.awaitLine(READY, 1, Duration.ofSeconds(60));
    return new RunningNode(p);
  }

  private static int httpStatus(int port, String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A node process and its ready line. */
  private record RunningNode(ChildProcess process) {
    String target() {
      return "127.0.0.1:" + readyLine().group(2);
    }

    int http() {
      return Integer.parseInt(readyLine().group(3));
    }

    Matcher readyLine() {
      Matcher m = READY.matcher(output());
      if (!m.find()) {
        throw new AssertionError("no ready line in\n" + output());
      }
      return m;
    }

    String output() {
      return process.output();
    }
  }
}
