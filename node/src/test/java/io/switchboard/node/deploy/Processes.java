package io.switchboard.node.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command (docker, nsenter, the project's scripts) to its end, bounded
 * in time. Output goes to temporary files rather than pipes, so a chatty command can
 * never block on a full pipe, and each stream is kept up to {@link #MAX_OUTPUT_CHARS}.
 * Thread-safe; blocks the caller up to the given timeout.
 */
public final class Processes {

  /** The most of each output stream kept in a {@link Result}. */
  static final int MAX_OUTPUT_CHARS = 20_000;

  /** How a command ended: its exit code and (the end of) its output, stripped. */
  record Result(int exit, String stdout, String stderr) {
    boolean ok() {
      return exit == 0;
    }

    @Override
    public String toString() {
      return "exit " + exit + (stdout.isEmpty() ? "" : ", stdout: " + stdout)
          + (stderr.isEmpty() ? "" : ", stderr: " + stderr);
    }
  }

  private Processes() {}

  /** Runs {@code command} in the working directory with the JVM's environment. */
  static Result run(Duration timeout, String... command) {
    return run(timeout, null, Map.of(), List.of(command));
  }

  /**
   * Runs {@code command} in {@code directory} (null: the working directory) with
   * {@code environment} added to the JVM's own.
   *
   * @throws IllegalStateException when it cannot start or does not end within {@code timeout}
   *     (it is killed then)
   */
  static Result run(Duration timeout, Path directory, Map<String, String> environment, List<String> command) {
    Path out = null;
    Path err = null;
    Process process = null;
    try {
      out = Files.createTempFile("switchboard-cmd", ".out");
      err = Files.createTempFile("switchboard-cmd", ".err");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      builder.environment().putAll(environment);
      process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(String.join(" ", command) + " did not end within "
            + timeout.toSeconds() + " s; output: " + tail(out) + " " + tail(err));
      }
      return new Result(process.exitValue(), tail(out), tail(err));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      // a test timeout interrupts us: do not leave the command running behind the test
      if (process != null) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    } finally {
      delete(out);
      delete(err);
    }
  }

  /** Runs {@code command} and fails the calling test unless it exits 0; returns its stdout. */
  public static String check(Duration timeout, String... command) {
    Result result = run(timeout, command);
    if (!result.ok()) {
      throw new AssertionError(String.join(" ", command) + " failed: " + result);
    }
    return result.stdout();
  }

  private static String tail(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
    return text.length() <= MAX_OUTPUT_CHARS ? text : "…" + text.substring(text.length() - MAX_OUTPUT_CHARS);
  }

  private static void delete(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }
}
