package io.switchboard.node.deploy;

import io.switchboard.testkit.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Debian's {@code prometheus} server ({@code scripts/prometheus-install.sh}) run as a child
 * process on a free loopback port, with a temporary data directory and the project's scrape
 * configuration {@code monitoring/prometheus.yml}, its targets rewritten to where the test can
 * reach them. Its log goes to {@code node/target/container-logs/prometheus.log}.
 *
 * <p>Not thread-safe; {@link #start} and {@link #close()} block (bounded).
 */
final class PrometheusServer implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final int port;

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The {@code prometheus} executable on PATH; fails or skips the test (see {@link DockerRequirement#missing}) without it. */
  static Path requireInstalled() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return DockerRequirement.missing("prometheus is not on PATH", "Install it with scripts/prometheus-install.sh");
  }

  /**
   * {@code monitoring/prometheus.yml} with every static target {@code host:port} replaced by
   * {@code targets.apply("host:port")}, everything else (intervals, job, path) as written.
   */
  static String projectConfig(UnaryOperator<String> targets) {
    JsonNode config = StrictYaml.yamlTree(RepositoryFiles.file("monitoring/prometheus.yml"));
    for (JsonNode job : config.path("scrape_configs")) {
      for (JsonNode staticConfig : job.path("static_configs")) {
        ArrayNode list = (ArrayNode) staticConfig.path("targets");
        for (int i = 0; i < list.size(); i++) {
          list.set(i, list.get(i).asString().transform(targets));
        }
      }
    }
    return StrictYaml.YAML.writeValueAsString(config);
  }

  /** Starts the server with {@code config} (YAML) and waits until it reports ready. */
  static PrometheusServer start(Path executable, String config, Path workDir) {
    try {
      Path configFile = Files.writeString(workDir.resolve("prometheus.yml"), config);
      Path logs = Files.createDirectories(RepositoryFiles.root().resolve("node/target/container-logs"));
      int port = FreePorts.port();
      Process process = new ProcessBuilder(executable.toString(),
          "--config.file=" + configFile,
          "--storage.tsdb.path=" + Files.createDirectories(workDir.resolve("data")),
          "--web.listen-address=127.0.0.1:" + port,
          "--log.level=info")
          .redirectErrorStream(true)
          .redirectOutput(logs.resolve("prometheus.log").toFile())
          .start();
      PrometheusServer server = new PrometheusServer(process, port);
      try {
        Poll.atMost(START_TIMEOUT).until("prometheus ready on 127.0.0.1:" + port,
            () -> !process.isAlive() || Http.status(port, "/-/ready") == 200);
        if (!process.isAlive()) {
          throw new AssertionError("prometheus exited " + process.exitValue() + "; see node/target/container-logs/prometheus.log");
        }
        return server;
      } catch (RuntimeException | Error e) {
        server.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start prometheus", e);
    }
  }

  /**
   * Runs an instant query; returns its {@code data} ({@code resultType} and {@code result}),
   * empty when the server did not answer 200 (a bad expression answers 400).
   */
  Optional<JsonNode> query(String expression) {
    String path = "/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8);
    return Http.body(port, path).map(StrictYaml.JSON::readTree)
        .filter(reply -> "success".equals(reply.path("status").asString()))
        .map(reply -> reply.path("data"));
  }

  /** The value of {@code up} per scrape target, e.g. {@code {127.0.0.1:9464=1}}. */
  Map<String, String> targetsUp() {
    Map<String, String> up = new TreeMap<>();
    query("up").ifPresent(data -> data.path("result").forEach(series ->
        up.put(series.path("metric").path("instance").asString(), series.path("value").get(1).asString())));
    return up;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
