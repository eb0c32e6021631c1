package io.switchboard.bench;

import java.nio.file.Path;

/**
 * What every suite gets: the options, a scratch directory for logs and probe results, and how to
 * start a child JVM on the same class path.
 *
 * @param options the parsed command line
 * @param workDir scratch directory for this run (child JVM logs, probe results)
 * @param javaBin the {@code java} executable of this JVM
 * @param classPath this JVM's class path (the shaded bench jar, or the Maven class path)
 */
public record BenchContext(BenchOptions options, Path workDir, String javaBin, String classPath) {

  /** True in {@code --quick} mode. */
  public boolean quick() {
    return options.quick();
  }

  /** {@code quick} in quick mode, else {@code full}. */
  public <T> T pick(T quick, T full) {
    return options.quick() ? quick : full;
  }
}
