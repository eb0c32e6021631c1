package io.switchboard.bench.support;

import io.switchboard.bench.BenchContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a probe's {@code main} in a child JVM on this JVM's class path, so each measurement gets a
 * fresh heap, its own {@code -Xmx} and its own logging configuration. The probe writes its result
 * as JSON to the file named by its last argument. Blocks up to the timeout, then kills the child.
 */
public final class Fork {
  private static final AtomicInteger COUNT = new AtomicInteger();

  private Fork() {}

  /**
   * Runs {@code main} with {@code jvmArgs} and {@code args} (the result file is appended) and
   * returns the result it wrote. Throws {@link IOException} with the tail of the child's output if
   * it fails or overruns {@code timeout}.
   */
  public static <T> T run(BenchContext ctx, Class<?> main, List<String> jvmArgs, List<String> args,
      Duration timeout, Class<T> type) throws IOException, InterruptedException {
    int n = COUNT.incrementAndGet();
    String tag = main.getSimpleName() + "-" + n;
    Path result = ctx.workDir().resolve(tag + ".json");
    Path log = ctx.workDir().resolve(tag + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(ctx.javaBin());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(ctx.classPath());
    cmd.add(main.getName());
    cmd.addAll(args);
    cmd.add(result.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(tag + " did not finish within " + timeout.toSeconds() + " s\n"
            + tail(log));
      }
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (p.exitValue() != 0 || !Files.exists(result)) {
      throw new IOException(tag + " exited with " + p.exitValue() + "\n" + tail(log));
    }
    return Json.read(result, type);
  }

  /** The last 40 lines of {@code log}, for error messages. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
