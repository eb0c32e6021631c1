package io.switchboard.supervisor;

import java.util.Optional;

/**
 * The one rule for server names, wherever a name enters: the event loops, the node's public
 * {@code Switchboard} service, the node-to-node {@code Peer} service, the Java client and the CLI.
 *
 * <p>A name is 1..{@value #MAX_LENGTH} characters (Unicode code points), all printable: no
 * control characters (C0, DEL, C1: a newline would forge a line of the key=value logs), no
 * invisible format characters (bidirectional overrides, zero-width marks: they make two names
 * look alike), no line or paragraph separators, no lone surrogates, no unassigned code points.
 * Spaces and any script are allowed. OTP registers atoms; we accept text, so the limit is ours.
 *
 * <p>The Java client holds a copy ({@code io.switchboard.client.ServerNames}: it may not depend
 * on this library); a parity test in the node module keeps the two equal.
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
  static boolean printable(int cp) {
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
