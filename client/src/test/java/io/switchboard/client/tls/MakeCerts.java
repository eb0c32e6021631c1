package io.switchboard.client.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test material from the real {@code scripts/make-certs.sh} (bash and openssl): a CA in
 * {@code DIR/ca.pem}, {@code DIR/NODE.pem} and {@code DIR/NODE-key.pem} per node, and
 * {@code DIR/client.pem} with {@code DIR/client-key.pem}. The script is found by walking up from
 * the working directory to the repository root.
 */
public final class MakeCerts {
  /** Bound on one command (a few openssl invocations). */
  private static final long TIMEOUT_SECONDS = 60;

  private MakeCerts() {}

  /** Runs {@code scripts/make-certs.sh --out dir nodes...}; an existing CA in dir is reused. */
  public static void run(Path dir, String... nodes) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script().toString(), "--out",
        dir.toString()));
    command.addAll(List.of(nodes));
    exec(dir, command);
  }

  /**
   * Runs {@code openssl args...} in {@code dir}, for material the script does not make (RSA and
   * Ed25519 certificates, PKCS#1 keys).
   */
  public static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    exec(dir, command);
  }

  private static void exec(Path dir, List<String> command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("make-certs", ".log");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
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
