package io.switchboard.node.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The label {@value #LABEL} on everything a container IT creates, so that what a killed run
 * (a JVM stopped by a timeout, a CI job cancelled) left behind is found and removed by the next
 * run: Ryuk, Testcontainers' own reaper, cannot run here. Thread-safe; the methods block on
 * docker commands.
 */
final class ItLabel {

  static final String LABEL = "io.switchboard.it";

  private ItLabel() {}

  /** A compose file, to put after docker-compose.yml, that labels {@code services} and the network {@code cluster}. */
  static Path composeOverride(List<String> services) {
    StringBuilder yaml = new StringBuilder("version: \"2.4\"\nservices:\n");
    services.forEach(service -> yaml.append("  ").append(service).append(":\n    labels:\n      ")
        .append(LABEL).append(": \"true\"\n"));
    yaml.append("networks:\n  cluster:\n    labels:\n      ").append(LABEL).append(": \"true\"\n");
    try {
      Path file = Files.createTempFile("switchboard-it-compose", ".yml");
      file.toFile().deleteOnExit();
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the compose override file", e);
    }
  }

  /** Removes the labelled containers (with their anonymous volumes), then the labelled networks. */
  static void removeLeftovers() {
    List<String> containers = Docker.containersLabelled(LABEL);
    if (!containers.isEmpty()) {
      List<String> command = new ArrayList<>(List.of("rm", "--force", "--volumes"));
      command.addAll(containers);
      Docker.docker(command.toArray(String[]::new));
    }
    for (String network : Docker.networksLabelled(LABEL)) {
      Docker.docker("network", "rm", network);
    }
  }
}
