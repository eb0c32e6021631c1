package io.switchboard.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code scripts/make-certs.sh} (found by walking up from the working directory):
 * {@code DIR/ca.pem}, {@code DIR/NODE.pem} with {@code DIR/NODE-key.pem}, and
 * {@code DIR/client.pem} with {@code DIR/client-key.pem}.
 */
final class MakeCerts {
  /** Bound on one run of the script (a few openssl invocations). */
  private static final long TIMEOUT_SECONDS = 60;

  private MakeCerts() {}

  static void run(Path dir, String... nodes) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script().toString(), "--out",
        dir.toString()));
    command.addAll(List.of(nodes));
    Path log = Files.createTempFile("make-certs", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(command + " exited " + p.exitValue() + ": "
            + Files.readString(log, StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static Path script() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path script = d.resolve("scripts/make-certs.sh");
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException("no scripts/make-certs.sh above "
        + Path.of("").toAbsolutePath());
  }
}
