package io.switchboard.cluster.membership;

import java.util.Objects;

/**
 * One node of the cluster as every other node sees it: its logical name ({@code --name}) and the
 * endpoint of its gRPC service ({@code --host}, {@code --grpc-port}).
 *
 * <p>The name is the node's identity for placement: a node that restarts under the same name gets
 * the same names back. Immutable and thread-safe.
 */
public record Member(String name, String host, int port) {

  /** Validates the parts: a non-blank name, a non-blank host and a port in 1..65535. */
  public Member {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("member name must not be blank");
    }
    new HostPort(host, port); // same validation as an endpoint
  }

  /** A member from its name and gRPC endpoint. */
  public static Member of(String name, HostPort grpc) {
    return new Member(name, grpc.host(), grpc.port());
  }

  /** The gRPC endpoint of this member. */
  public HostPort endpoint() {
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return name + "@" + endpoint();
  }
}
