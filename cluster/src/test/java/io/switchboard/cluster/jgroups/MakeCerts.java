package io.switchboard.cluster.jgroups;

import io.switchboard.client.tls.PemTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test certificates from the real {@code scripts/make-certs.sh} (bash and openssl): {@code
 * DIR/ca.pem}, {@code DIR/NODE.pem} and {@code DIR/NODE-key.pem} per node, and {@code
 * DIR/client.pem} with its key (usage clientAuth only). The script is found by walking up from the
 * working directory to the repository root.
 */
final class MakeCerts {
  /** Bound on one run of the script (a few openssl calls, about a second). */
  private static final long TIMEOUT_SECONDS = 60;

  private MakeCerts() {}

  /** Runs {@code scripts/make-certs.sh --out dir nodes...}; an existing CA in dir is reused. */
  static void run(Path dir, String... nodes) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("bash", script().toString(), "--out", dir.toString()));
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

  /** The material of {@code name} ({@code n1}, {@code client}, ...) in {@code dir}. */
  static PemTls tls(Path dir, String name) {
    return PemTls.of(dir.resolve("ca.pem"), dir.resolve(name + ".pem"),
        dir.resolve(name + "-key.pem"));
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
