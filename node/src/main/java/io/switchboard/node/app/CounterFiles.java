package io.switchboard.node.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where a counter's value is saved: {@code <data-dir>/counters/<name>}. A name that is not a
 * safe file name (path separators, dots only, over {@value #MAX_PLAIN} characters, anything
 * outside {@code [A-Za-z0-9._-]}) is stored under a SHA-256 of the name instead, so no name can
 * escape the directory. Pure.
 */
public final class CounterFiles {
  static final int MAX_PLAIN = 200;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private CounterFiles() {}

  /** The directory of all counters under {@code dataDir}. */
  public static Path directory(Path dataDir) {
    return dataDir.resolve("counters");
  }

  /** The file of counter {@code name} under {@code dataDir}. */
  public static Path file(Path dataDir, String name) {
    return directory(dataDir).resolve(fileName(name));
  }

  /** The file name used for {@code name}. */
  static String fileName(String name) {
    if (name.length() <= MAX_PLAIN && SAFE.matcher(name).matches()) {
      return name;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(name.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
