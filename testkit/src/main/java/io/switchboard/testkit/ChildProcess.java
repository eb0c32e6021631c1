package io.switchboard.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running child process (a node, an echo server) whose stdout and stderr are appended to
 * a log file, with the signals fault tests send (SIGKILL, SIGSTOP/SIGCONT, SIGTERM), bounded waits
 * and a bounded {@link #close}.
 *
 * <p>Nothing is left running: a JVM shutdown hook kills every child still alive when this JVM
 * exits (also on Ctrl-C), unless it was {@link #detach detached}. SIGKILL ends a paused process
 * too. Signals other than SIGKILL and SIGTERM are sent with the {@code kill} command.
 *
 * <p>Thread-safe; every method blocks for at most the bound it documents.
 */
public final class ChildProcess implements AutoCloseable {
  /** How long a kill, a signal or a close waits for the process to act on it. */
  static final Duration SIGNAL_WAIT = Duration.ofSeconds(10);

  private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::killAll, "testkit-children"));
  }

  private final String label;
  private final Process process;
  private final Path log;
  private volatile boolean paused;

  private ChildProcess(String label, Process process, Path log) {
    this.label = label;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command}, appending its output (stdout and stderr) to {@code log}. */
  public static ChildProcess start(String label, List<String> command, Path log)
      throws IOException {
    return start(label, command, Map.of(), log);
  }

  /**
   * Starts {@code command} with this JVM's environment plus {@code environment} (which wins on a
   * clash), appending its output (stdout and stderr) to {@code log}.
   */
  public static ChildProcess start(String label, List<String> command,
      Map<String, String> environment, Path log) throws IOException {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    b.environment().putAll(environment);
    Process p = b.start();
    ChildProcess child = new ChildProcess(label, p, log);
    LIVE.add(child);
    return child;
  }

  /**
   * The command that runs {@code mainClass} in a new JVM of this JVM's {@code java}: {@code java
   * JVM_ARGS -cp CLASSPATH MAIN_CLASS ARGS}.
   */
  public static List<String> java(List<String> jvmArgs, String classpath, String mainClass,
      List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", classpath, mainClass));
    cmd.addAll(args);
    return cmd;
  }

  /** This JVM's class path ({@code java.class.path}), e.g. to run a main class next to it. */
  public static String currentClasspath() {
    return System.getProperty("java.class.path");
  }

  public String label() {
    return label;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, or -1 while it runs. */
  public int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  public Path logFile() {
    return log;
  }

  /** The whole log so far (or why it cannot be read). */
  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** The last {@code lines} lines of the log, under a header naming the process. */
  public String tail(int lines) {
    List<String> all = output().lines().toList();
    StringBuilder b = new StringBuilder("--- ").append(this)
        .append(isAlive() ? "" : " (exited " + exitCode() + ")").append('\n');
    all.subList(Math.max(0, all.size() - lines), all.size())
        .forEach(line -> b.append(line).append('\n'));
    return b.toString();
  }

  /**
   * Waits until {@code line} occurs at least {@code count} times in the log.
   *
   * @throws AwaitFailed with the log's tail when the process exits first or {@code timeout}
   *     passes
   */
  public void awaitLine(Pattern line, int count, Duration timeout) {
    Await.atMost(timeout).onTimeout(() -> tail(30)).until(count + " × '" + line + "' in the log "
        + "of " + label, () -> {
          if (occurrences(line) >= count) {
            return true;
          }
          if (!process.isAlive()) {
            throw new AwaitFailed(label + " exited with " + process.exitValue() + " first:\n"
                + tail(30));
          }
          return false;
        });
  }

  private int occurrences(Pattern line) {
    int n = 0;
    Matcher m = line.matcher(output());
    while (m.find()) {
      n++;
    }
    return n;
  }

  /**
   * SIGKILL, then waits up to {@link #SIGNAL_WAIT} until the process is gone: nothing of it runs
   * any more (a crashed machine, as far as its peers can tell).
   */
  public void kill9() {
    process.destroyForcibly();
    awaitExit(SIGNAL_WAIT);
  }

  /** SIGSTOP: the process freezes with its sockets open (a hung node, a long GC pause). */
  public void pause() {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT: a paused process resumes where it stopped. */
  public void resume() {
    signal("CONT");
    paused = false;
  }

  /**
   * SIGTERM (resuming it first, as a paused JVM cannot act on it), then waits up to {@code
   * timeout}; returns the exit code, or -1 when it still runs.
   */
  public int terminate(Duration timeout) {
    sigterm();
    return awaitExit(timeout) ? process.exitValue() : -1;
  }

  /** SIGTERM, resuming the process first if it was paused. Does not wait. */
  public void sigterm() {
    if (paused && process.isAlive()) {
      resume();
    }
    process.destroy();
  }

  /** Waits up to {@code timeout} for the process to end; true when it has. */
  public boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    } finally {
      if (!process.isAlive()) {
        LIVE.remove(this);
      }
    }
  }

  /** Leaves the process running when this JVM exits (the shutdown hook forgets it). */
  public void detach() {
    LIVE.remove(this);
  }

  private void signal(String sig) {
    String what = "kill -" + sig + " " + pid() + " (" + label + ")";
    try {
      Process kill = new ProcessBuilder(List.of("kill", "-" + sig, Long.toString(pid())))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(SIGNAL_WAIT.toNanos(), TimeUnit.NANOSECONDS) || kill.exitValue() != 0) {
        kill.destroyForcibly();
        throw new IllegalStateException(what + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException(what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    }
  }

  /** SIGKILL (which ends a paused process too) and waits up to {@link #SIGNAL_WAIT}. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill9();
    }
    LIVE.remove(this);
  }

  private static void killAll() {
    LIVE.forEach(c -> c.process.destroyForcibly());
    LIVE.forEach(c -> c.awaitExit(Duration.ofSeconds(5)));
  }

  @Override
  public String toString() {
    return label + " (pid " + pid() + ")";
  }
}
