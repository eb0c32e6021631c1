package io.switchboard.node.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The node image the container ITs run: {@value #TAG}, built by
 * {@code scripts/build-image.sh --use-existing-jar} from {@code node/target/switchboard.jar}
 * as {@code ./mvnw verify} has just packaged it, so the ITs always test this checkout (the
 * script rebuilds only when the jar, the Dockerfile, the container scripts or the base image
 * changed: about a second otherwise). A tag of its own rather than {@code switchboard/node:dev},
 * so a test run neither replaces nor depends on the image a developer runs with
 * docker-compose. Nothing is pulled: the base image is the local one of
 * {@code scripts/docker-up.sh}.
 *
 * <p>Thread-safe; the first call blocks for the build (up to {@link #BUILD_TIMEOUT}), later
 * calls return its outcome at once.
 */
final class NodeImage {

  /** The image the ITs start, passed to docker-compose.yml as {@code SWITCHBOARD_IMAGE}. */
  static final String TAG = "switchboard/node:it";

  /** Covers a first debootstrap of the base image (about a minute) within the ITs' 5-minute @Timeout. */
  static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);

  private NodeImage() {}

  /** How this JVM's run of the script ended; null before it. */
  private static Processes.Result outcome;

  /** Builds the image if needed (once per JVM); fails the calling test when the build failed. */
  static synchronized String ensureBuilt() {
    if (outcome == null) {
      outcome = Processes.run(BUILD_TIMEOUT, RepositoryFiles.root(), Map.of("SWITCHBOARD_IMAGE", TAG),
          List.of("bash", "scripts/build-image.sh", "--use-existing-jar"));
    }
    if (!outcome.ok()) {
      throw new AssertionError("scripts/build-image.sh --use-existing-jar failed (" + outcome
          + "). Package the node first (./mvnw -pl node -am package); see the README, section Deploy.");
    }
    return TAG;
  }

  /**
   * Builds {@code tag}: {@link #TAG} plus {@code jars} in {@code /app/lib}, with
   * {@code SWITCHBOARD_APP=apps} ({@code scripts/build-app-image.sh}, as a user would).
   */
  static synchronized String ensureAppImage(String tag, String apps, List<java.nio.file.Path> jars) {
    ensureBuilt();
    List<String> command = new java.util.ArrayList<>(List.of("bash", "scripts/build-app-image.sh",
        "--use-existing-jar", "--app", apps, tag));
    jars.forEach(j -> command.add(j.toString()));
    Processes.Result built = Processes.run(BUILD_TIMEOUT, RepositoryFiles.root(),
        Map.of("SWITCHBOARD_IMAGE", TAG), command);
    if (!built.ok()) {
      throw new AssertionError("scripts/build-app-image.sh failed (" + built + ")");
    }
    return tag;
  }
}
