package io.switchboard.node;

import java.nio.file.Path;

/**
 * The runnable node jar that multi-process and command-line tests run, as users do: {@code
 * -Dswitchboard.jar}, else {@code target/switchboard.jar} (the module's {@code package} output,
 * built before failsafe runs the ITs).
 */
public final class NodeJar {
  private NodeJar() {}

  public static Path path() {
    String prop = System.getProperty("switchboard.jar");
    return prop != null ? Path.of(prop) : Path.of("target", "switchboard.jar");
  }
}
