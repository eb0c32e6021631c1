package io.switchboard.cluster.membership;

import java.util.Objects;

/**
 * A network endpoint, {@code host:port}. IPv6 literals are written in brackets ({@code [::1]:7800})
 * and accepted with or without them when parsed.
 *
 * <p>Immutable and thread-safe.
 */
public record HostPort(String host, int port) {

  /** Validates the parts: a non-blank host and a port in 1..65535. */
  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 1..65535, was " + port + " for " + host);
    }
  }

  /**
   * Parses {@code host:port} (also {@code [v6]:port}).
   *
   * @throws IllegalArgumentException when the text has no port or the port is not a number
   */
  public static HostPort parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + text + "'");
    }
    String host = trimmed.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new HostPort(host, Integer.parseInt(trimmed.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a numeric port in '" + text + "'", e);
    }
  }

  /** {@code host:port}, with brackets around an IPv6 literal; {@link #parse} reads it back. */
  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
