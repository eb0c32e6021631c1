package io.switchboard.node.core;

import io.switchboard.cluster.Discovery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of one node, from the {@code node} command's flags (each also read from
 * {@code SWITCHBOARD_<FLAG>}). Immutable; the constructor validates every field and says which
 * flag is wrong.
 *
 * @param name logical node name ({@code --name}), the node's identity in the cluster
 * @param host address gRPC and HTTP bind to and that is advertised ({@code --host})
 * @param grpcPort gRPC port, 0 = any free port ({@code --grpc-port}, default 50051)
 * @param httpPort HTTP metrics/health port, 0 = any free port ({@code --http-port}, default 9464)
 * @param clusterPort JGroups port ({@code --cluster-port}, default 7800); unused when standalone
 * @param discovery how the other nodes are found; no seeds = standalone
 * @param expectedSize the cluster size for the quorum rule (default: the number of seeds, 1
 *     standalone)
 * @param dataDir where servers persist their state ({@code --data-dir})
 * @param apps the applications to run ({@code --app}, default {@code demo}) and where their
 *     providers are ({@code --app-path})
 * @param maxMessageBytes the largest inbound gRPC message ({@code --max-message-bytes}, 4 MiB)
 * @param loops event loops ({@code --loops}, default one per available processor)
 * @param inboxCapacity the bound of each loop's inbox ({@code --inbox-capacity}, 10 000)
 * @param shutdownTimeout the bound of a graceful stop ({@code --shutdown-timeout}, 10 s): half
 *     for pending calls to finish, the rest for servers and loops to stop
 * @param clusterName the JGroups group this node joins ({@code --cluster-name}, default
 *     {@code switchboard}): nodes with different names never see each other, even on one network
 * @param replication the Raft side of a cluster node ({@code --peer-port}, {@code --shards},
 *     {@code --replicas})
 * @param security TLS of the peer plane and the client port ({@code --tls-cert}, {@code
 *     --tls-key}, {@code --tls-ca}, {@code --client-tls}); default plaintext
 */
public record NodeConfig(
    String name,
    String host,
    int grpcPort,
    int httpPort,
    int clusterPort,
    Discovery discovery,
    int expectedSize,
    Path dataDir,
    AppSelection apps,
    int maxMessageBytes,
    int loops,
    int inboxCapacity,
    Duration shutdownTimeout,
    String clusterName,
    Replication replication,
    Security security) {

  /** 4 MiB, gRPC's own default. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
  /** The longest graceful stop accepted. */
  public static final Duration MAX_SHUTDOWN = Duration.ofMinutes(5);

  /** The default {@code --cluster-name}. */
  public static final String DEFAULT_CLUSTER_NAME = "switchboard";

  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /** A configuration in the default cluster ({@value #DEFAULT_CLUSTER_NAME}). */
  public NodeConfig(String name, String host, int grpcPort, int httpPort, int clusterPort,
      Discovery discovery, int expectedSize, Path dataDir, String app, int maxMessageBytes,
      int loops, int inboxCapacity, Duration shutdownTimeout) {
    this(name, host, grpcPort, httpPort, clusterPort, discovery, expectedSize, dataDir, app,
        maxMessageBytes, loops, inboxCapacity, shutdownTimeout, DEFAULT_CLUSTER_NAME);
  }

  /** A configuration with the default {@link Replication}. */
  public NodeConfig(String name, String host, int grpcPort, int httpPort, int clusterPort,
      Discovery discovery, int expectedSize, Path dataDir, String app, int maxMessageBytes,
      int loops, int inboxCapacity, Duration shutdownTimeout, String clusterName) {
    this(name, host, grpcPort, httpPort, clusterPort, discovery, expectedSize, dataDir,
        AppSelection.of(app), maxMessageBytes, loops, inboxCapacity, shutdownTimeout, clusterName,
        Replication.DEFAULTS);
  }

  /** A configuration in plaintext ({@link Security#OFF}). */
  public NodeConfig(String name, String host, int grpcPort, int httpPort, int clusterPort,
      Discovery discovery, int expectedSize, Path dataDir, AppSelection apps, int maxMessageBytes,
      int loops, int inboxCapacity, Duration shutdownTimeout, String clusterName,
      Replication replication) {
    this(name, host, grpcPort, httpPort, clusterPort, discovery, expectedSize, dataDir, apps,
        maxMessageBytes, loops, inboxCapacity, shutdownTimeout, clusterName, replication,
        Security.OFF);
  }

  public NodeConfig {
    Objects.requireNonNull(name, "--name");
    if (!NODE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("--name must be 1..63 letters, digits, '.', '_' or '-'"
          + " starting with a letter or digit, got '" + name + "'");
    }
    Objects.requireNonNull(host, "--host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("--host must not be blank");
    }
    port("--grpc-port", grpcPort);
    port("--http-port", httpPort);
    port("--cluster-port", clusterPort);
    Objects.requireNonNull(discovery, "discovery");
    if (expectedSize < 1 || expectedSize > 1000) {
      throw new IllegalArgumentException("--expected-size must be 1..1000, got " + expectedSize);
    }
    Objects.requireNonNull(dataDir, "--data-dir");
    Objects.requireNonNull(apps, "--app");
    if (maxMessageBytes < 1024 || maxMessageBytes > (1 << 30)) {
      throw new IllegalArgumentException(
          "--max-message-bytes must be 1 KiB..1 GiB, got " + maxMessageBytes);
    }
    if (loops < 1 || loops > 1024) {
      throw new IllegalArgumentException("--loops must be 1..1024, got " + loops);
    }
    if (inboxCapacity < 1 || inboxCapacity > (1 << 24)) {
      throw new IllegalArgumentException(
          "--inbox-capacity must be 1..16777216, got " + inboxCapacity);
    }
    Objects.requireNonNull(shutdownTimeout, "--shutdown-timeout");
    if (shutdownTimeout.isNegative() || shutdownTimeout.compareTo(MAX_SHUTDOWN) > 0) {
      throw new IllegalArgumentException(
          "--shutdown-timeout must be 0..5m, got " + shutdownTimeout);
    }
    Objects.requireNonNull(clusterName, "--cluster-name");
    if (!NODE_NAME.matcher(clusterName).matches()) {
      throw new IllegalArgumentException("--cluster-name must be 1..63 letters, digits, '.', '_'"
          + " or '-' starting with a letter or digit, got '" + clusterName + "'");
    }
    Objects.requireNonNull(replication, "replication");
    Objects.requireNonNull(security, "security");
  }

  /** The address other nodes dial: {@code --advertise-host}, else {@code --host}. */
  public String advertisedHost() {
    return replication.advertiseHost().isEmpty() ? host : replication.advertiseHost();
  }

  /** True without seeds and without DNS discovery: the node runs alone. */
  public boolean standalone() {
    return discovery instanceof Discovery.Seeds seeds && seeds.hosts().isEmpty();
  }

  /** A standalone configuration with the defaults and any free ports: for tests and tools. */
  public static NodeConfig standalone(String name, Path dataDir) {
    return new NodeConfig(name, "127.0.0.1", 0, 0, 7800, new Discovery.Seeds(java.util.List.of()),
        1, dataDir, "demo", DEFAULT_MAX_MESSAGE_BYTES, 2, 10_000, Duration.ofSeconds(10));
  }

  /** The same configuration with other applications ({@code --app}, {@code --app-path}…). */
  public NodeConfig withApps(AppSelection selection) {
    return new NodeConfig(name, host, grpcPort, httpPort, clusterPort, discovery, expectedSize,
        dataDir, selection, maxMessageBytes, loops, inboxCapacity, shutdownTimeout, clusterName,
        replication, security);
  }

  /** The same configuration with another inbox bound. */
  public NodeConfig withInboxCapacity(int capacity) {
    return new NodeConfig(name, host, grpcPort, httpPort, clusterPort, discovery, expectedSize,
        dataDir, apps, maxMessageBytes, loops, capacity, shutdownTimeout, clusterName, replication,
        security);
  }

  /** The same configuration with another number of loops. */
  public NodeConfig withLoops(int count) {
    return new NodeConfig(name, host, grpcPort, httpPort, clusterPort, discovery, expectedSize,
        dataDir, apps, maxMessageBytes, count, inboxCapacity, shutdownTimeout, clusterName, replication,
        security);
  }

  private static void port(String flag, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(flag + " must be 0..65535 (0 = any free port), got "
          + port);
    }
  }
}
