package io.switchboard.node.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} commands the container ITs inject faults with, exactly as an operator
 * types them ({@code docker kill}, {@code docker pause}, {@code docker network disconnect}
 * …), each bounded by {@link #TIMEOUT}. Every method fails the calling test when the command
 * fails. Thread-safe; every method blocks until its command ends.
 */
final class Docker {

  /** The bound of one docker command. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Docker() {}

  /** {@code docker kill}: SIGKILL to the container's main process (the node's JVM). */
  static void kill(String container) {
    docker("kill", container);
  }

  /** {@code docker start}: starts a stopped container again, same name, same data. */
  static void start(String container) {
    docker("start", container);
  }

  /** {@code docker pause}: freezes every process of the container (cgroup freezer), a hung node. */
  static void pause(String container) {
    docker("pause", container);
  }

  static void unpause(String container) {
    docker("unpause", container);
  }

  /** {@code docker network disconnect}: the container loses its interface, and address, on {@code network}. */
  static void disconnect(String network, String container) {
    docker("network", "disconnect", network, container);
  }

  /**
   * {@code docker network connect} with the container's DNS aliases on {@code network} (the
   * discovery alias among them: a disconnect drops them).
   */
  static void connect(String network, String container, List<String> aliases) {
    List<String> command = new ArrayList<>(List.of("network", "connect"));
    aliases.forEach(alias -> command.addAll(List.of("--alias", alias)));
    command.addAll(List.of(network, container));
    docker(command.toArray(String[]::new));
  }

  /** {@code running}, {@code paused}, {@code exited}, … */
  static String status(String container) {
    return inspect(container, "{{.State.Status}}");
  }

  /** The container's health as its image's HEALTHCHECK reports it: {@code starting}, {@code healthy}, {@code unhealthy}. */
  static String health(String container) {
    return inspect(container, "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}");
  }

  /** The container's address on {@code network}, empty when it is not connected to it. */
  static String address(String container, String network) {
    return inspect(container, "{{with index .NetworkSettings.Networks \"" + network + "\"}}{{.IPAddress}}{{end}}");
  }

  /** The names of the networks the container is connected to. */
  static List<String> networks(String container) {
    String names = inspect(container, "{{range $name, $settings := .NetworkSettings.Networks}}{{$name}} {{end}}");
    return names.isBlank() ? List.of() : Arrays.asList(names.strip().split(" +"));
  }

  /** The process id, on this host, of the container's main process (0 when it is not running). */
  static long pid(String container) {
    return Long.parseLong(inspect(container, "{{.State.Pid}}"));
  }

  /** {@code docker inspect --format}: one value of the container's state. */
  static String inspect(String container, String format) {
    return docker("inspect", "--format", format, container);
  }

  /** {@code docker exec}: runs a command in the running container; returns how it ended (any exit code). */
  static Processes.Result exec(String container, String... command) {
    List<String> line = new ArrayList<>(List.of("docker", "exec", container));
    line.addAll(Arrays.asList(command));
    return Processes.run(TIMEOUT, line.toArray(String[]::new));
  }

  /** The ids of all containers, running or not, carrying {@code label}. */
  static List<String> containersLabelled(String label) {
    return lines(docker("ps", "--all", "--quiet", "--filter", "label=" + label));
  }

  /** The ids of all networks carrying {@code label}. */
  static List<String> networksLabelled(String label) {
    return lines(docker("network", "ls", "--quiet", "--filter", "label=" + label));
  }

  /** {@code docker logs}: writes the container's whole log (stdout and stderr) to {@code file}. */
  static void saveLog(String container, Path file) {
    try {
      Process logs = new ProcessBuilder("docker", "logs", container)
          .redirectErrorStream(true).redirectOutput(file.toFile()).start();
      if (!logs.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        logs.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the log of " + container + " to " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while saving the log of " + container, e);
    }
  }

  /** Runs {@code docker args…}; returns its stdout, fails the test when it exits non-zero. */
  static String docker(String... args) {
    List<String> line = new ArrayList<>(List.of("docker"));
    line.addAll(Arrays.asList(args));
    return Processes.check(TIMEOUT, line.toArray(String[]::new));
  }

  private static List<String> lines(String text) {
    return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
  }
}
