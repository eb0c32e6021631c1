package io.switchboard.node;

import static io.switchboard.node.Requests.await;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
  private static final Path JAR = Path.of("target", "switchboard.jar");
  private static final Pattern READY = Pattern.compile(
      "switchboard node (\\S+) ready grpc=(\\d+) http=(\\d+) cluster=(\\d+)");

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void node_sigtermThenRestart_exit0AndCountersKept() throws Exception {
    assertThat(JAR).as("run 'package' first").exists();
    Path data = dir.resolve("data");

    RunningNode first = startNode(data);
    assertThat(httpStatus(first.http(), "/health/ready")).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(cli("call", "--target", first.target(), "counter-it", "increment").stdout)
          .isEqualTo("ack");
    }
    Cli missing = cli("call", "--target", first.target(), "nosuch-x", "read");
    assertThat(missing.exit).isEqualTo(1);
    assertThat(missing.stderr).startsWith("NOT_FOUND: ");

    first.process.destroy(); // SIGTERM
    assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.process.exitValue()).as(first.output()).isZero();
    assertThat(first.output()).contains("event=node_stopped");
    assertThat(data.resolve("counters").resolve("counter-it")).content().isEqualTo("3");

    RunningNode second = startNode(data);
    assertThat(cli("call", "--target", second.target(), "counter-it", "read").stdout)
        .isEqualTo("3");
    second.process.destroy();
    assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.process.exitValue()).as(second.output()).isZero();
  }

  private RunningNode startNode(Path data) throws IOException, InterruptedException {
    // to a file, not a pipe: destroy() closes the pipes, and the stop is logged after it
    Path log = Files.createTempFile(dir, "node", ".log");
    Process p = new ProcessBuilder(java(), "-Xmx256m", "-jar", JAR.toString(), "node",
        "--name", "it1", "--grpc-port", "0", "--http-port", "0", "--data-dir", data.toString(),
        "--loops", "2")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    started.add(p);
    RunningNode node = new RunningNode(p, log);
    await("the ready line", Duration.ofSeconds(60), () -> node.readyLine().isPresent()
        || !p.isAlive());
    assertThat(p.isAlive()).as(node.output()).isTrue();
    return node;
  }

  private static Cli cli(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("cli", ".out");
    Path err = Files.createTempFile("cli", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Cli(p.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static int httpStatus(int port, String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private record Cli(int exit, String stdout, String stderr) {}

  /** A node process and its output file. */
  private static final class RunningNode {
    final Process process;
    final Path log;

    RunningNode(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    String target() {
      return "127.0.0.1:" + readyLine().orElseThrow().group(2);
    }

    int http() {
      return Integer.parseInt(readyLine().orElseThrow().group(3));
    }

    Optional<Matcher> readyLine() {
      Matcher m = READY.matcher(output());
      return m.find() ? Optional.of(m) : Optional.empty();
    }

    String output() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(cannot read " + log + ": " + e + ")";
      }
    }
  }
}
