package io.switchboard.node.cli;

import io.switchboard.cluster.Discovery;
import io.switchboard.node.app.Apps;
import io.switchboard.node.cluster.ClusterBinding;
import io.switchboard.node.core.AppSelection;
import io.switchboard.node.core.NodeConfig;
import io.switchboard.node.core.Replication;
import io.switchboard.node.server.Clustering;
import io.switchboard.node.server.NodeServer;
import io.switchboard.client.tls.PemTls;
import io.switchboard.node.core.Security;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard node}: runs one node until SIGTERM or SIGINT, then stops gracefully and
 * exits 0. Bad flag values exit 2 before anything starts; a failure to start (port taken, data
 * directory not writable) exits 1.
 */
@Command(name = "node", sortOptions = false,
    description = {"Runs a Switchboard node until SIGTERM (graceful stop, exit 0).",
        "Every flag also reads SWITCHBOARD_<FLAG>, e.g. SWITCHBOARD_GRPC_PORT."})
public final class NodeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Option(names = "--name", paramLabel = "NAME",
      description = "Logical node name, the node's identity (default: $HOSTNAME or 'n1').")
  String name;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address to bind gRPC, HTTP and JGroups and to advertise (default: "
          + "${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--grpc-port", paramLabel = "PORT", defaultValue = "50051",
      converter = Converters.Port.class,
      description = "gRPC port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int grpcPort;

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "9464",
      converter = Converters.Port.class,
      description = "HTTP port for /metrics and /health/*; 0 picks a free one (default: "
          + "${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "7800",
      converter = Converters.Port.class,
      description = "JGroups cluster port (default: ${DEFAULT-VALUE}).")
  int clusterPort;

  @Option(names = "--seeds", paramLabel = "H:P,H:P", converter = Converters.Seeds.class,
      description = "Cluster ports of the other nodes (TCPPING). Without --seeds and "
          + "--discovery the node runs standalone.")
  Discovery.Seeds seeds;

  @Option(names = "--discovery", paramLabel = "dns:NAME", converter = Converters.DiscoveryFlag.class,
      description = "Find the other nodes by DNS (DNS_PING); needs --expected-size.")
  Discovery discovery;

  @Option(names = "--expected-size", paramLabel = "N",
      description = "Cluster size for the quorum rule (default: the number of seeds; 1 "
          + "standalone).")
  Integer expectedSize;

  @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "switchboard",
      description = "The cluster to join: nodes with different names never merge, even on one "
          + "network (default: ${DEFAULT-VALUE}).")
  String clusterName;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where servers persist state (default: .data/NAME in the working "
          + "directory).")
  Path dataDir;

  @Option(names = "--app", paramLabel = "APP", defaultValue = "demo", split = ",",
      description = "Application to run, repeatable (started in order): a provider on the "
          + "classpath or in --app-path; built in: ${COMPLETION-CANDIDATES} (default: "
          + "${DEFAULT-VALUE}).",
      completionCandidates = AppNames.class)
  List<String> apps;

  @Option(names = "--app-path", paramLabel = "DIR",
      description = "Directory of application jars (AppProvider plugins) to load besides the "
          + "classpath.")
  Path appPath;

  @Option(names = "--app-config", paramLabel = "FILE",
      description = "The applications' settings (Java properties: key = value); each "
          + "SWITCHBOARD_APP_<KEY> variable wins over the file's <key> (lower case, '_' as '-').")
  Path appConfig;

  @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "4MiB",
      converter = Converters.Bytes.class,
      description = "Largest inbound gRPC message (default: ${DEFAULT-VALUE}).")
  int maxMessageBytes;

  @Option(names = "--loops", paramLabel = "N",
      description = "Event loops (default: one per available processor).")
  Integer loops;

  @Option(names = "--inbox-capacity", paramLabel = "N", defaultValue = "10000",
      description = "Bound of each loop's inbox; full = RESOURCE_EXHAUSTED (default: "
          + "${DEFAULT-VALUE}).")
  int inboxCapacity;

  @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = Converters.Time.class,
      description = "Bound of the graceful stop on SIGTERM (default: ${DEFAULT-VALUE}).")
  Duration shutdownTimeout;

  @Option(names = "--peer-port", paramLabel = "PORT", defaultValue = "50061",
      description = "Port of the peer plane: service Peer and the Raft server of the shard "
          + "replicas; only members of the view are served; never expose it to clients "
          + "(cluster nodes only; default: ${DEFAULT-VALUE}).")
  int peerPort;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "This node's certificate chain (PEM). With --tls-key and --tls-ca: mutual "
          + "TLS on the peer plane and JGroups; files are re-read when they change.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "The private key of --tls-cert (PEM, unencrypted PKCS#8).")
  Path tlsKey;

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "The CA certificates (PEM) that sign every node's (and client's) certificate.")
  Path tlsCa;

  @Option(names = "--client-tls", paramLabel = "MODE", defaultValue = "off",
      description = "The client port: off (plaintext), optional (TLS; a client certificate is "
          + "verified when presented) or require (TLS and a client certificate signed by "
          + "--tls-ca) (default: ${DEFAULT-VALUE}).")
  String clientTls;

  @Option(names = "--shards", paramLabel = "S", defaultValue = "64",
      description = "Shards of the cluster-scoped names, one Raft group each; the same on every "
          + "node and fixed for the life of the cluster (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(names = "--replicas", paramLabel = "R", defaultValue = "3",
      description = "Replicas of each shard; a shard stays writable while a majority of them "
          + "runs (default: ${DEFAULT-VALUE}).")
  int replicas;

  @Option(names = "--replace-after", paramLabel = "DURATION", defaultValue = "30s",
      converter = Converters.Time.class,
      description = "How long a member may be out of the view before the shards' leaders move "
          + "its replicas to other members (default: ${DEFAULT-VALUE}).")
  Duration replaceAfter;

  @Option(names = "--advertise-host", paramLabel = "HOST", defaultValue = "",
      description = "Address the other nodes dial for this node's gRPC and Raft endpoints "
          + "(default: --host). Raft records it, so use a name that stays the same across "
          + "restarts (a StatefulSet pod's DNS name).")
  String advertiseHost;

  @Override
  public Integer call() throws InterruptedException {
    NodeConfig config = config();
    ClusterBinding.Factory cluster;
    try {
      cluster = Clustering.factoryFor(config);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    NodeServer node;
    try {
      node = NodeServer.builder(config).cluster(cluster)
          .onAppStopped(reason -> appStopped(reason))
          .start();
      started = node;
    } catch (Apps.ConflictException e) {
      // the applications chosen cannot run together: a usage error, like an unknown --app
      log.error("event=node_start_failed name={} error=\"{}\"", config.name(), e.getMessage());
      spec.commandLine().getErr().println("switchboard node: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      log.error("event=node_start_failed name={} error=\"{}\"", config.name(), e.toString(), e);
      spec.commandLine().getErr().println("switchboard node: failed to start: " + e);
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node), "switchboard-shutdown"));
    Thread.currentThread().join(); // until the shutdown hook halts the process
    return 0;
  }

  private volatile NodeServer started;

  /**
   * A permanent application stopped (its root supervisor gave up): like an Erlang node, this
   * node leaves the cluster and exits non-zero ({@value #EXIT_APP_STOPPED}).
   */
  private void appStopped(String reason) {
    Thread t = new Thread(() -> {
      spec.commandLine().getErr().println("switchboard node: " + reason + "; stopping");
      NodeServer n = started;
      if (n != null) {
        n.close();
      }
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_APP_STOPPED);
    }, "switchboard-app-stopped");
    t.start();
  }

  /** The exit code of a node whose application stopped. */
  static final int EXIT_APP_STOPPED = 3;

  /**
   * The graceful stop on SIGTERM/SIGINT. The JVM would exit 143/130 after its hooks; a node that
   * stopped cleanly reports success instead, so orchestrators see an orderly exit.
   */
  private static void stop(NodeServer node) {
    node.close();
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }

  private NodeConfig config() {
    if (seeds != null && !seeds.hosts().isEmpty() && discovery != null) {
      throw new ParameterException(spec.commandLine(),
          "--seeds and --discovery exclude each other: use one");
    }
    if (appConfig != null && !java.nio.file.Files.isReadable(appConfig)) {
      throw new ParameterException(spec.commandLine(),
          "--app-config " + appConfig + " is not a readable file");
    }
    List<String> known;
    try {
      known = Apps.discover(appPath).names();
    } catch (Apps.LoadException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    for (String app : apps) {
      if (!known.contains(app)) {
        throw new ParameterException(spec.commandLine(),
            "unknown --app '" + app + "'; known: " + known
                + (appPath == null ? " (on the classpath; add jars with --app-path)"
                    : " (on the classpath and in " + appPath + ")"));
      }
    }
    Discovery how = discovery != null ? discovery
        : seeds != null ? seeds : new Discovery.Seeds(java.util.List.of());
    if (expectedSize == null && how instanceof Discovery.Dns) {
      throw new ParameterException(spec.commandLine(),
          "--discovery needs --expected-size (the full cluster size)");
    }
    int size = expectedSize != null ? expectedSize
        : Math.max(1, ((Discovery.Seeds) how).hosts().size());
    String node = name != null ? name : defaultName();
    try {
      return new NodeConfig(node, host, grpcPort, httpPort, clusterPort, how, size,
          dataDir != null ? dataDir : Path.of(".data", node),
          new AppSelection(apps, appPath, appConfig), maxMessageBytes,
          loops != null ? loops : Runtime.getRuntime().availableProcessors(), inboxCapacity,
          shutdownTimeout, clusterName, new Replication(peerPort, shards, replicas,
              advertiseHost == null ? "" : advertiseHost, replaceAfter), security());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** The TLS flags, all three files or none; a file that does not load is a usage error. */
  private Security security() {
    Security.ClientTls mode = Security.ClientTls.parse(clientTls);
    int given = (tlsCert != null ? 1 : 0) + (tlsKey != null ? 1 : 0) + (tlsCa != null ? 1 : 0);
    if (given == 0) {
      return new Security(null, mode);
    }
    if (given < 3) {
      List<String> got = new java.util.ArrayList<>();
      if (tlsCert != null) {
        got.add("--tls-cert");
      }
      if (tlsKey != null) {
        got.add("--tls-key");
      }
      if (tlsCa != null) {
        got.add("--tls-ca");
      }
      throw new IllegalArgumentException("--tls-cert, --tls-key and --tls-ca go together (got only "
          + String.join(" and ", got) + ")");
    }
    return new Security(PemTls.of(tlsCa, tlsCert, tlsKey), mode);
  }

  private static String defaultName() {
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "n1" : host;
  }

  /** The accepted {@code --app} values, for the help text. */
  static final class AppNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of(io.switchboard.node.app.DemoProvider.NAME).iterator();
    }
  }
}
