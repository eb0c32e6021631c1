package io.switchboard.node.core;

import java.util.Optional;

/**
 * The rules for server names at the node's edge. A name is 1..{@value #MAX_LENGTH} characters
 * (the event loop's own limit), checked before anything is routed so a bad name costs nothing.
 * Pure and thread-safe.
 */
public final class Names {
  /** The longest accepted name, in characters. */
  public static final int MAX_LENGTH = 1024;

  private Names() {}

  /** What is wrong with {@code name}, or empty when it is acceptable. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("a server name must not be empty");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("a server name is at most " + MAX_LENGTH + " characters (got "
          + name.length() + ")");
    }
    return Optional.empty();
  }
}
