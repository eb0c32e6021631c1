package io.switchboard.cluster;

import io.switchboard.cluster.membership.HostPort;
import io.switchboard.cluster.membership.Member;
import io.switchboard.client.tls.PemTls;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything a node needs to join the cluster, built from the node's flags ({@code --name}, {@code
 * --host}, {@code --cluster-port}, {@code --seeds} or {@code --discovery}, {@code --expected-size},
 * {@code --grpc-port}).
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}.
 *
 * @param clusterName the JGroups group name; nodes with different names never see each other
 * @param nodeName this node's logical name; a node that restarts must keep it
 * @param bindHost the address the cluster transport binds to (never a wildcard)
 * @param clusterPort the cluster transport's TCP port; failure detection also listens on {@code
 *     clusterPort + 100 .. + 103}
 * @param discovery how the other nodes are found
 * @param expectedSize the full cluster size; a view holds a quorum with a strict majority of it
 * @param timings failure detection and merge timings
 * @param grpc this node's own gRPC endpoint, published to every other member with the view
 * @param peerPort the port of this node's peer plane ({@code --peer-port}: service {@code Peer}
 *     and Raft), published with the view; 0 for a node that serves none
 * @param tls mutual TLS on the peer plane and the JGroups transport ({@code --tls-cert},
 *     {@code --tls-key}, {@code --tls-ca}), or {@code null} for plaintext
 */
public record ClusterConfig(
    String clusterName,
    String nodeName,
    String bindHost,
    int clusterPort,
    Discovery discovery,
    int expectedSize,
    ClusterTimings timings,
    HostPort grpc,
    int peerPort,
    @Nullable PemTls tls) {

  /** The default group name. */
  public static final String DEFAULT_CLUSTER_NAME = "switchboard";

  /** The default {@code --cluster-port}. */
  public static final int DEFAULT_CLUSTER_PORT = 7800;

  /** Validates every field; see the parameter descriptions. */
  public ClusterConfig {
    requireText(clusterName, "clusterName");
    requireText(nodeName, "nodeName");
    requireText(bindHost, "bindHost");
    new HostPort(bindHost, clusterPort); // validates the port
    Objects.requireNonNull(discovery, "discovery");
    Objects.requireNonNull(timings, "timings");
    Objects.requireNonNull(grpc, "grpc endpoint");
    if (peerPort < 0 || peerPort > 65535) {
      throw new IllegalArgumentException("peerPort must be in 0..65535, was " + peerPort);
    }
    if (expectedSize < 1) {
      throw new IllegalArgumentException("expectedSize must be >= 1, was " + expectedSize);
    }
    if (tls != null && !tls.hasCertificate()) {
      throw new IllegalArgumentException("peer TLS needs the node's own certificate and key");
    }
  }

  /** The peer plane's and JGroups' TLS material, empty when they run in plaintext. */
  public Optional<PemTls> peerTls() {
    return Optional.ofNullable(tls);
  }

  /** This node as a member: its name and gRPC endpoint. */
  public Member self() {
    return Member.of(nodeName, grpc, peerPort);
  }

  /** A builder with the defaults: cluster {@value #DEFAULT_CLUSTER_NAME}, host 127.0.0.1. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link ClusterConfig}. Defaults: cluster name {@value #DEFAULT_CLUSTER_NAME}, bind
   * host {@code 127.0.0.1}, cluster port {@value #DEFAULT_CLUSTER_PORT}, no seeds (standalone), the
   * {@link ClusterTimings#DEFAULTS tuned timings}, and an expected size equal to the number of
   * seeds (at least 1) — with DNS discovery the expected size must be given. Node name and gRPC
   * endpoint are required. Not thread-safe.
   */
  public static final class Builder {
    private String clusterName = DEFAULT_CLUSTER_NAME;
    private String nodeName;
    private String bindHost = "127.0.0.1";
    private int clusterPort = DEFAULT_CLUSTER_PORT;
    private Discovery discovery = new Discovery.Seeds(List.of());
    private Integer expectedSize;
    private ClusterTimings timings = ClusterTimings.DEFAULTS;
    private HostPort grpc;
    private int peerPort;
    private @Nullable PemTls tls;

    private Builder() {}

    /** Mutual TLS on the peer plane and JGroups with this material; default none (plaintext). */
    public Builder tls(@Nullable PemTls tls) {
      this.tls = tls;
      return this;
    }

    /** The port of this node's Raft server ({@code --peer-port}); default 0 (none). */
    public Builder peerPort(int port) {
      this.peerPort = port;
      return this;
    }

    /** The JGroups group name; default {@value ClusterConfig#DEFAULT_CLUSTER_NAME}. */
    public Builder clusterName(String name) {
      this.clusterName = name;
      return this;
    }

    /** This node's logical name ({@code --name}); required. */
    public Builder nodeName(String name) {
      this.nodeName = name;
      return this;
    }

    /** The address to bind the cluster transport to ({@code --host}); default 127.0.0.1. */
    public Builder bindHost(String host) {
      this.bindHost = host;
      return this;
    }

    /**
     * The cluster transport port ({@code --cluster-port}); default {@value
     * ClusterConfig#DEFAULT_CLUSTER_PORT}.
     */
    public Builder clusterPort(int port) {
      this.clusterPort = port;
      return this;
    }

    /** TCPPING discovery over these seeds ({@code --seeds}); default none (standalone). */
    public Builder seeds(List<HostPort> seeds) {
      this.discovery = new Discovery.Seeds(seeds);
      return this;
    }

    /** Any discovery, e.g. {@code Discovery.parse("dns:switchboard")} ({@code --discovery}). */
    public Builder discovery(Discovery discovery) {
      this.discovery = discovery;
      return this;
    }

    /** The full cluster size ({@code --expected-size}); see the class comment for the default. */
    public Builder expectedSize(int size) {
      this.expectedSize = size;
      return this;
    }

    /** Failure detection and merge timings; default {@link ClusterTimings#DEFAULTS}. */
    public Builder timings(ClusterTimings timings) {
      this.timings = timings;
      return this;
    }

    /** This node's gRPC endpoint, published to the others; required. */
    public Builder grpc(HostPort endpoint) {
      this.grpc = endpoint;
      return this;
    }

    /** Same as {@code grpc(new HostPort(host, port))}. */
    public Builder grpc(String host, int port) {
      return grpc(new HostPort(host, port));
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException when a field is invalid or DNS discovery lacks an expected
     *     size
     * @throws NullPointerException when the node name or the gRPC endpoint is missing
     */
    public ClusterConfig build() {
      Objects.requireNonNull(nodeName, "nodeName is required (--name)");
      Objects.requireNonNull(grpc, "the node's gRPC endpoint is required");
      int size;
      if (expectedSize != null) {
        size = expectedSize;
      } else if (discovery instanceof Discovery.Seeds seeds) {
        size = Math.max(1, seeds.hosts().size());
      } else {
        throw new IllegalArgumentException(
            "--expected-size is required with DNS discovery (" + discovery + ")");
      }
      return new ClusterConfig(
          clusterName, nodeName, bindHost, clusterPort, discovery, size, timings, grpc, peerPort,
          tls);
    }
  }

  private static void requireText(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
