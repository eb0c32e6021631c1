package io.switchboard.cluster;

import io.switchboard.cluster.membership.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a node finds the others when it starts and after a partition heals.
 *
 * <p>{@link Seeds} lists the cluster ports of (some of) the nodes, {@code --seeds h:p,h:p} (JGroups
 * {@code TCPPING}); listing every node, this one included, is simplest. {@link Dns} asks DNS for
 * the A records of a name, {@code --discovery dns:NAME} (JGroups {@code DNS_PING}), as a compose
 * service or a Kubernetes headless service provides; every node must then use the same {@code
 * --cluster-port}, because A records carry no port.
 */
public sealed interface Discovery {

  /** Fixed seed endpoints; empty for a standalone node. */
  record Seeds(List<HostPort> hosts) implements Discovery {
    /** Copies the list. */
    public Seeds {
      hosts = List.copyOf(hosts);
    }

    /** Parses {@code h:p,h:p} (blank entries are ignored, so {@code ""} means no seeds). */
    public static Seeds parse(String text) {
      Objects.requireNonNull(text, "text");
      List<HostPort> hosts = new ArrayList<>();
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          hosts.add(HostPort.parse(part));
        }
      }
      return new Seeds(hosts);
    }
  }

  /** A DNS name whose A records are the nodes' addresses. */
  record Dns(String query) implements Discovery {
    /** Validates that the name is not blank. */
    public Dns {
      Objects.requireNonNull(query, "query");
      if (query.isBlank()) {
        throw new IllegalArgumentException("DNS discovery needs a name, e.g. dns:switchboard");
      }
    }
  }

  /**
   * Parses the {@code --discovery} flag: {@code dns:NAME}.
   *
   * @throws IllegalArgumentException for any other scheme
   */
  static Discovery parse(String flag) {
    Objects.requireNonNull(flag, "flag");
    if (flag.startsWith("dns:")) {
      return new Dns(flag.substring("dns:".length()).strip());
    }
    throw new IllegalArgumentException(
        "unknown discovery '" + flag + "': expected dns:NAME (or use --seeds h:p,h:p)");
  }
}
