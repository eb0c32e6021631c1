package io.switchboard.node.core;

import java.util.Objects;

/**
 * A node as clients see it: its logical name ({@code --name}) and its gRPC endpoint
 * ({@code host:port}). Immutable.
 */
public record NodeRef(String name, String endpoint) {

  public NodeRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(endpoint, "endpoint");
  }
}
