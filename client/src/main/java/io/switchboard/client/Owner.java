package io.switchboard.client;

import java.util.Objects;

/**
 * Which node owns (or would own) a name, as the answering node saw it.
 *
 * @param node the owner's logical name (its {@code --name})
 * @param endpoint the owner's gRPC endpoint, {@code host:port}
 * @param epoch the fencing epoch of the view the answer came from (0 for a standalone node)
 */
public record Owner(String node, String endpoint, long epoch) {
  public Owner {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(endpoint, "endpoint");
  }
}
