package io.switchboard.node.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need a Docker engine: call {@link #requireEngine()} first
 * (in {@code @BeforeAll} of a container IT). {@link #missing} applies the same rule to
 * other tools those ITs need on this host.
 *
 * <ul>
 *   <li>An engine answers: the test runs.</li>
 *   <li>No engine and {@code SWITCHBOARD_REQUIRE_DOCKER=true} (set by
 *       {@code .ci/run}): the test <em>fails</em> with a message saying how to
 *       start one, so a broken CI set-up cannot pass by skipping every
 *       container test.</li>
 *   <li>No engine and the variable unset or {@code false} (a developer's
 *       machine): the test is skipped (aborted, reported as skipped).</li>
 * </ul>
 *
 * <p>"Answers" means {@code docker version} reports a server version within
 * {@link #PROBE_TIMEOUT}. The probe runs once per JVM; the answer is cached.
 * Thread-safe; blocks up to {@link #PROBE_TIMEOUT} on the first call.
 */
public final class DockerRequirement {

  /** The environment variable that turns a missing engine from a skip into a failure. */
  public static final String REQUIRE_VARIABLE = "SWITCHBOARD_REQUIRE_DOCKER";

  /** How long the probe waits for {@code docker version}. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

  private static final int MAX_OUTPUT_CHARS = 2_000;

  /** What the probe found. */
  sealed interface Engine {
    /** An engine answered with its version. */
    record Answered(String serverVersion) implements Engine {}

    /** No engine answered; {@code reason} says what the probe saw. */
    record Absent(String reason) implements Engine {}
  }

  private DockerRequirement() {}

  /**
   * Returns when an engine answers; otherwise fails or skips the calling test
   * as described on the class.
   *
   * @return the engine's server version
   */
  public static String requireEngine() {
    return decide(System.getenv(REQUIRE_VARIABLE), ProbeOnce.ENGINE);
  }

  /** The pure decision: {@code required} is the variable's value or null. */
  static String decide(String required, Engine engine) {
    boolean mustRun = parseRequired(required);
    if (engine instanceof Engine.Answered answered) {
      return answered.serverVersion();
    }
    String reason = ((Engine.Absent) engine).reason();
    if (mustRun) {
      return Assertions.fail(REQUIRE_VARIABLE + "=true but no Docker engine answers (" + reason
          + "). Start one with scripts/docker-up.sh (as root), then build the image with scripts/build-image.sh.");
    }
    Assumptions.abort("no Docker engine answers (" + reason + "); skipped. Start one with scripts/docker-up.sh, "
        + "or set " + REQUIRE_VARIABLE + "=true to make this a failure.");
    throw new AssertionError("unreachable: Assumptions.abort returned");
  }

  /**
   * Fails or skips the calling test, by the same rule as a missing engine, because a tool the
   * container ITs run on this host is missing (Debian's {@code prometheus}, say).
   *
   * @param what what is missing, e.g. {@code "prometheus is not on PATH"}
   * @param hint how to get it, e.g. {@code "Install it with scripts/prometheus-install.sh"}
   */
  static <T> T missing(String what, String hint) {
    return missing(System.getenv(REQUIRE_VARIABLE), what, hint);
  }

  /** The pure decision of {@link #missing(String, String)}: {@code required} is the variable's value or null. */
  static <T> T missing(String required, String what, String hint) {
    if (parseRequired(required)) {
      return Assertions.fail(REQUIRE_VARIABLE + "=true but " + what + ". " + hint + ".");
    }
    Assumptions.abort(what + "; skipped. " + hint + ", or set " + REQUIRE_VARIABLE + "=true to make this a failure.");
    throw new AssertionError("unreachable: Assumptions.abort returned");
  }

  private static boolean parseRequired(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> Assertions.fail(REQUIRE_VARIABLE + " must be true or false, not '" + value + "'");
    };
  }

  /** Runs {@code docker version} once, bounded by {@link #PROBE_TIMEOUT}. */
  static Engine probe() {
    Process process;
    try {
      process = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}")
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      return new Engine.Absent("cannot run the docker client: " + e.getMessage());
    }
    try (InputStream output = process.getInputStream()) {
      process.getOutputStream().close();
      if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Engine.Absent("docker version did not answer within " + PROBE_TIMEOUT.toSeconds() + " s");
      }
      String text = new String(output.readNBytes(MAX_OUTPUT_CHARS), StandardCharsets.UTF_8).strip();
      return process.exitValue() == 0 && !text.isEmpty()
          ? new Engine.Answered(text)
          : new Engine.Absent("docker version exited " + process.exitValue() + ": " + text);
    } catch (IOException e) {
      return new Engine.Absent("cannot read docker version's output: " + e.getMessage());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Engine.Absent("interrupted while probing the engine");
    }
  }

  /** Lazy holder: the JVM runs {@link #probe()} once, on first use, thread-safely. */
  private static final class ProbeOnce {
    static final Engine ENGINE = probe();
  }
}
