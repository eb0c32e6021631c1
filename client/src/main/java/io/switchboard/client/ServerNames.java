package io.switchboard.client;

import java.util.Optional;

/**
 * The node's rule for server names, applied by the client before it sends anything: 1..{@value
 * #MAX_LENGTH} printable characters (code points); no control, format, separator, surrogate or
 * unassigned code points.
 *
 * <p>A copy of {@code io.switchboard.supervisor.ServerNames}, the rule the node applies: the
 * client stays free of the supervisor library (DESIGN.md's module table). The node module's
 * {@code ServerNamesParityTest} runs both over every code point and the length bounds, so the
 * two cannot drift apart.
 *
 * <p>Pure and thread-safe.
 */
public final class ServerNames {
  /** The longest accepted name, in characters (code points). */
  public static final int MAX_LENGTH = 1024;

  private ServerNames() {}

  /** What is wrong with {@code name}, or empty when it is acceptable. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("a server name must not be empty");
    }
    if (name.length() > 2 * MAX_LENGTH) { // cheap bound before counting code points
      return tooLong(name.length());
    }
    int count = name.codePointCount(0, name.length());
    if (count > MAX_LENGTH) {
      return tooLong(count);
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (!printable(cp)) {
        return Optional.of(String.format("a server name must be printable: U+%04X at index %d"
            + " is a control, format or unassigned character", cp, i));
      }
      i += Character.charCount(cp);
    }
    return Optional.empty();
  }

  /**
   * Returns {@code name} when it is acceptable.
   *
   * @throws IllegalArgumentException saying what is wrong, otherwise
   */
  public static String check(String name) {
    Optional<String> bad = problem(name);
    if (bad.isPresent()) {
      throw new IllegalArgumentException(bad.get());
    }
    return name;
  }

  /** True for a code point that may appear in a name. */
  private static boolean printable(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
        return false;
      }
      default -> {
        return true;
      }
    }
  }

  private static Optional<String> tooLong(int length) {
    return Optional.of("a server name is at most " + MAX_LENGTH + " characters (got " + length
        + ")");
  }
}
