package io.switchboard.cluster.membership;

import java.util.Objects;
import java.util.Optional;

/**
 * One node of the cluster as every other node sees it: its logical name ({@code --name}), the
 * endpoint of its gRPC service ({@code --host}, {@code --grpc-port}), and the port its Raft
 * server listens on ({@code --peer-port}; 0 when it hosts no shard replicas).
 *
 * <p>The name is the node's identity for placement: a node that restarts under the same name gets
 * the same names back. Immutable and thread-safe.
 */
public record Member(String name, String host, int port, int peerPort) {

  /**
   * Validates the parts: a non-blank name, a non-blank host, a port in 1..65535 and a peer port
   * in 0..65535.
   */
  public Member {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("member name must not be blank");
    }
    new HostPort(host, port); // same validation as an endpoint
    if (peerPort < 0 || peerPort > 65535) {
      throw new IllegalArgumentException("peer port must be in 0..65535, got " + peerPort);
    }
  }

  /** A member without a Raft server (peer port 0). */
  public Member(String name, String host, int port) {
    this(name, host, port, 0);
  }

  /** A member from its name, gRPC endpoint and Raft port. */
  public static Member of(String name, HostPort grpc, int peerPort) {
    return new Member(name, grpc.host(), grpc.port(), peerPort);
  }

  /** Where this member's Raft server listens ({@code host:peerPort}), if it runs one. */
  public Optional<HostPort> raft() {
    return peerPort == 0 ? Optional.empty() : Optional.of(new HostPort(host, peerPort));
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
