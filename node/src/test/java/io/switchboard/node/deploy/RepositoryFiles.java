package io.switchboard.node.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository checkout that the deployment tests read (manifests,
 * compose file, dashboards). Surefire runs tests in {@code node/}, an IDE may
 * run them at the top: walk up from the working directory to the directory
 * holding {@code mvnw} and {@code k8s/}.
 */
public final class RepositoryFiles {

  private static final int MAX_LEVELS = 5;

  private RepositoryFiles() {}

  /** The checkout's top directory; fails with a hint when there is none above the working directory. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (int level = 0; level <= MAX_LEVELS && dir != null; level++, dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("k8s"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no directory with mvnw and k8s/ above " + Path.of("").toAbsolutePath()
        + "; run the tests from the repository or its node/ module");
  }

  /** A file of the checkout, by its path relative to the top, e.g. {@code "k8s/base/pdb.yaml"}. */
  static Path file(String relative) {
    Path file = root().resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("missing " + relative + " (looked for " + file + ")");
    }
    return file;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
