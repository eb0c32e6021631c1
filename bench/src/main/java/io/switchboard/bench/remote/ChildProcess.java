package io.switchboard.bench.remote;

import io.switchboard.bench.support.Fork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running child process (a node, an echo server) whose output is appended to a log file,
 * with bounded waits for a line in that log and the signals the failover harness sends. Not
 * thread-safe: one driver thread.
 */
final class ChildProcess implements AutoCloseable {
  private final String label;
  private final Process process;
  private final Path log;

  private ChildProcess(String label, Process process, Path log) {
    this.label = label;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command}, appending its output (stdout and stderr) to {@code log}. */
  static ChildProcess start(String label, List<String> command, Path log) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new ChildProcess(label, p, log);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code line} occurs at least {@code count} times in the log, polling every
   * 20 ms. Throws {@link IOException} with the log's tail
   * when the process exits first or {@code timeout} passes.
   */
  void awaitLine(Pattern line, int count, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (occurrences(line) >= count) {
        return;
      }
      if (!process.isAlive()) {
        throw new IOException(label + " exited with " + process.exitValue() + " before it "
            + "was ready:\n" + tail());
      }
      process.waitFor(20, TimeUnit.MILLISECONDS);
    }
    throw new IOException(label + " not ready within " + timeout.toSeconds() + " s:\n" + tail());
  }

  private int occurrences(Pattern line) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    int n = 0;
    Matcher m = line.matcher(Files.readString(log));
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** SIGKILL, then wait up to 10 s until the process is gone. */
  void kill9() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process freezes with its sockets open (a hung node). */
  void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** SIGCONT: a paused process resumes. */
  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String sig) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", sig, Long.toString(process.pid())).inheritIO().start();
    if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
      throw new IOException("kill " + sig + " " + process.pid() + " (" + label + ") failed");
    }
  }

  /** The last lines of the log, for error messages. */
  String tail() {
    return Fork.tail(log);
  }

  /**
   * Resumes it if paused, then kills it; waits up to 10 s. An interrupt stops the wait (the kill
   * is sent anyway) and stays set on the thread.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      resume();
    } catch (IOException | InterruptedException e) {
      // it is killed below either way
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
