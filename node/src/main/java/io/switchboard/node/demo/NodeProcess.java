package io.switchboard.node.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One node process started by {@link LocalCluster}: its name, ports, log file and the process.
 * Signals go straight to the JVM (SIGKILL, SIGSTOP/SIGCONT, SIGTERM). Thread-safe for reads.
 */
public final class NodeProcess {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int grpcPort;
  private final int httpPort;
  private final int clusterPort;
  private final Path log;
  private final Process process;

  NodeProcess(String name, int grpcPort, int httpPort, int clusterPort, Path log,
      Process process) {
    this.name = name;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.clusterPort = clusterPort;
    this.log = log;
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

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** True when {@code GET /health/ready} answers 200 (quick, bounded by 2 s). */
  public boolean isReady() {
    return httpStatus("/health/ready") == 200;
  }

  /** The HTTP status of {@code GET path}, or -1 when the node does not answer. */
  public int httpStatus(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of {@code GET /metrics}, or empty when the node does not answer. */
  public String metrics() {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
          + "/metrics")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The node's log so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  public Path logFile() {
    return log;
  }

  /** SIGKILL: the process dies at once, nothing runs (a crashed machine, as far as peers see). */
  public void kill9() {
    process.destroyForcibly();
  }

  /** SIGSTOP: the JVM freezes (a hung node, a long GC pause, a frozen VM). */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT: a paused JVM resumes where it stopped. */
  public void resume() {
    signal("CONT");
  }

  /** SIGTERM and wait up to {@code timeout}; returns the exit code or -1 if still alive. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    return -1;
  }

  private void signal(String sig) {
    try {
      Process kill = new ProcessBuilder(List.of("kill", "-" + sig, Long.toString(pid())))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + sig + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("kill -" + sig + " " + pid() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + name, e);
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + pid() + ", grpc " + grpcPort + ", http " + httpPort + ", cluster "
        + clusterPort + ")";
  }
}
