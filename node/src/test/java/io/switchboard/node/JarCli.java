package io.switchboard.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the packaged command line as users run it, {@code java -jar switchboard.jar ARGS}:
 * exit code, stdout and stderr (stripped).
 */
public record JarCli(int exit, String out, String err) {
  private static final long LIMIT_SECONDS = 60;

  /** Runs {@code java -jar switchboard.jar ARGS} and waits for it (at most 60 s). */
  public static JarCli run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-jar", NodeJar.path().toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("cli", ".out");
    Path err = Files.createTempFile("cli", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("'" + String.join(" ", args) + "' ran over " + LIMIT_SECONDS
            + " s");
      }
      return new JarCli(p.exitValue(), Files.readString(out).strip(),
          Files.readString(err).strip());
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
