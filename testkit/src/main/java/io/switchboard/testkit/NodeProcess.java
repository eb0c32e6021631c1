package io.switchboard.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One node process started by {@link ProcessCluster}: its name, ports, log file and the process.
 * Signals go straight to the JVM (SIGKILL, SIGSTOP/SIGCONT, SIGTERM); see {@link ChildProcess}.
 * Thread-safe; the HTTP probes block for at most 2 s.
 */
public final class NodeProcess {
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(HTTP_TIMEOUT).build();

  private final String name;
  private final int grpcPort;
  private final int httpPort;
  private final int clusterPort;
  private final int peerPort;
  private final ChildProcess process;

  NodeProcess(String name, int grpcPort, int httpPort, int clusterPort, int peerPort,
      ChildProcess process) {
    this.name = name;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.clusterPort = clusterPort;
    this.peerPort = peerPort;
    this.process = process;
  }

  public String name() {
    return name;
  }

  /** {@code 127.0.0.1:<grpc port>}, for {@code --target}. */
  public String target() {
    return "127.0.0.1:" + grpcPort;
  }

  public int grpcPort() {
    return grpcPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public int clusterPort() {
    return clusterPort;
  }

  /** The {@code --peer-port} it was given, or -1 when the harness passed none. */
  public int peerPort() {
    return peerPort;
  }

  public long pid() {
    return process.pid();
  }

  ChildProcess process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** True when {@code GET /health/ready} answers 200: joined, in a quorum, apps started. */
  public boolean isReady() {
    return httpStatus("/health/ready") == 200;
  }

  /** The HTTP status of {@code GET path}, or -1 when the node does not answer. */
  public int httpStatus(String path) {
    HttpResponse<Void> r = get(path, HttpResponse.BodyHandlers.discarding());
    return r == null ? -1 : r.statusCode();
  }

  /** The body of {@code GET /metrics} (Prometheus text), or empty when the node does not answer. */
  public String metrics() {
    HttpResponse<String> r = get("/metrics", HttpResponse.BodyHandlers.ofString());
    return r == null || r.statusCode() != 200 ? "" : r.body();
  }

  private <T> @Nullable HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> body) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(HTTP_TIMEOUT).build(), body);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The node's log so far (every start of this node appends to the same file). */
  public String output() {
    return process.output();
  }

  public Path logFile() {
    return process.logFile();
  }

  /** SIGKILL and wait until it is gone: a crashed machine, as far as peers see. */
  public void kill9() {
    process.kill9();
  }

  /** SIGSTOP: the JVM freezes (a hung node, a long GC pause, a frozen VM). */
  public void pause() {
    process.pause();
  }

  /** SIGCONT: a paused JVM resumes where it stopped. */
  public void resume() {
    process.resume();
  }

  /**
   * SIGTERM (a graceful leave: the node hands its names over) and waits up to {@code timeout};
   * returns the exit code, or -1 when it still runs.
   */
  public int terminate(Duration timeout) {
    return process.terminate(timeout);
  }

  @Override
  public String toString() {
    return name + "(pid " + pid() + ", grpc " + grpcPort + ", http " + httpPort + ", cluster "
        + clusterPort + (peerPort < 0 ? "" : ", peer " + peerPort) + ")";
  }
}
