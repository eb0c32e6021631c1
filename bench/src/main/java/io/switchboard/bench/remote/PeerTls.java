package io.switchboard.bench.remote;

import io.switchboard.bench.BenchContext;
import io.switchboard.bench.model.Findings;
import io.switchboard.testkit.AwaitFailed;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The cross-node suite's second cluster: two nodes with mutual TLS on their peer plane (Peer and
 * Raft on {@code --peer-port}, JGroups on {@code --cluster-port}), certificates made by the
 * repository's {@code scripts/make-certs.sh} (bash and openssl), and what its TLS turned out to
 * be: the protocol and cipher a peer port negotiates ({@code openssl s_client}) and which native
 * TLS libraries the node processes loaded ({@code /proc/<pid>/maps}). Anything missing is a gap
 * of the suite, never a failure. One driver thread.
 */
final class PeerTls {
  /** Where the certificate script lives, relative to the repository root. */
  static final Path SCRIPT = Path.of("scripts", "make-certs.sh");
  /** Bound on one run of the script or of {@code openssl s_client}. */
  private static final Duration TOOL = Duration.ofSeconds(60);
  static final String RATIS = "org_apache_ratis_thirdparty";
  static final String GRPC = "io_grpc_netty_shaded";
  private static final Pattern TCNATIVE = Pattern.compile("lib(\\w*?)_?netty_tcnative\\w*");

  private PeerTls() {}

  /**
   * Makes certificates for n1 and n2 in the work directory and forms the two-node peer-mTLS
   * cluster; {@code null}, with the reason recorded as a gap in {@code f}, if any step fails.
   */
  static @Nullable ProcessCluster start(BenchContext ctx, Findings.Builder f)
      throws InterruptedException {
    List<Path> starts = List.of(ctx.options().nodeJar(), Path.of("").toAbsolutePath());
    Optional<Path> script = findScript(starts);
    if (script.isEmpty()) {
      f.gap("no peer-mTLS cluster, so no forwarded call with mTLS: " + SCRIPT + " was found "
          + "neither above the node jar nor above the working directory (" + starts + ").");
      return null;
    }
    Path certs = certs(ctx);
    try {
      makeCerts(script.get(), certs, 2);
    } catch (IOException e) {
      f.gap("no peer-mTLS cluster, so no forwarded call with mTLS: `" + script.get() + "` failed "
          + "(it needs bash and openssl):\n\n```\n" + CrossNodeSuite.brief(e) + "\n```");
      return null;
    }
    try {
      return Nodes.start(ctx, 2, "cross-mtls", certs);
    } catch (IOException | AwaitFailed e) {
      f.gap("two nodes with peer mTLS did not form a cluster, so no forwarded call with mTLS:"
          + "\n\n```\n" + CrossNodeSuite.brief(e) + "\n```");
      return null;
    }
  }

  /** Where {@link #start} puts the certificates. */
  static Path certs(BenchContext ctx) {
    return ctx.workDir().resolve("certs-cross-mtls");
  }

  /** {@link #SCRIPT} under the nearest of {@code starts} or their ancestors that holds it. */
  static Optional<Path> findScript(List<Path> starts) {
    for (Path start : starts) {
      for (Path d = start.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
        Path script = d.resolve(SCRIPT);
        if (Files.isRegularFile(script)) {
          return Optional.of(script);
        }
      }
    }
    return Optional.empty();
  }

  /** Runs {@code script --out dir n1 … n<nodes>}; throws with its output when it fails. */
  static void makeCerts(Path script, Path dir, int nodes)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), "--out",
        dir.toString()));
    ProcessCluster.indices(nodes).forEach(i -> cmd.add(ProcessCluster.nodeName(i)));
    Tool out = run(cmd);
    if (out.exit() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited with " + out.exit() + "\n"
          + out.output());
    }
  }

  /**
   * What the peer mTLS of {@code cluster} was, as observed, for the report: the handshake of
   * {@code openssl s_client} with n1's certificate against n2's peer port, and the native TLS
   * libraries each node process has mapped. Never throws; says what it could not observe.
   */
  static String observed(ProcessCluster cluster, Path certs) throws InterruptedException {
    NodeProcess n2 = cluster.node(1);
    String handshake;
    try {
      Tool t = run(List.of("openssl", "s_client", "-brief", "-connect",
          "127.0.0.1:" + n2.peerPort(), "-alpn", "h2", "-cert", certs.resolve("n1.pem").toString(),
          "-key", certs.resolve("n1-key.pem").toString(), "-CAfile",
          certs.resolve("ca.pem").toString()));
      handshake = handshake(t.output());
    } catch (IOException e) {
      handshake = "not observed (" + e.getMessage() + ")";
    }
    List<String> perNode = new ArrayList<>();
    TreeSet<String> all = new TreeSet<>();
    for (int i = 0; i < cluster.size(); i++) {
      NodeProcess n = cluster.node(i);
      Optional<TreeSet<String>> libs = nativeTls(Path.of("/proc", Long.toString(n.pid()),
          "maps"));
      libs.ifPresent(all::addAll);
      perNode.add(n.name() + ": " + libs.map(PeerTls::describe).orElse("unknown"));
    }
    return handshake + "; netty-tcnative (BoringSSL) libraries mapped into the node processes: "
        + String.join("; ", perNode) + engines(all);
  }

  /** What the libraries found say about the engines on either side of a Peer call. */
  static String engines(Set<String> libs) {
    StringBuilder b = new StringBuilder();
    if (libs.contains(RATIS)) {
      b.append(". The peer port is Ratis' shaded gRPC server, which asks for SslProvider.OPENSSL: "
          + "BoringSSL on the server side");
    }
    if (libs.contains(GRPC)) {
      b.append(". grpc-netty-shaded, the Peer client, loaded its netty-tcnative too, so its "
          + "default SslProvider is OPENSSL: BoringSSL on the client side as well");
    } else {
      b.append(". The Peer client (grpc-netty-shaded) has no native TLS library loaded, so its "
          + "side of the handshake is the JDK's SSLEngine");
    }
    return b.toString();
  }

  /** The protocol and cipher from {@code openssl s_client -brief} output, or its first lines. */
  static String handshake(String output) {
    Matcher version = Pattern.compile("Protocol version: (\\S+)").matcher(output);
    Matcher cipher = Pattern.compile("Ciphersuite: (\\S+)").matcher(output);
    if (version.find() && cipher.find()) {
      return "n2's peer port negotiated " + version.group(1) + " " + cipher.group(1)
          + " with `openssl s_client` presenting n1's certificate";
    }
    return "`openssl s_client` against n2's peer port reported no handshake: "
        + String.join(" / ", output.lines().limit(3).toList());
  }

  /** {@link #nativeTls(List)} of a {@code /proc/<pid>/maps} file; empty if unreadable. */
  static Optional<TreeSet<String>> nativeTls(Path maps) {
    try {
      return Optional.of(nativeTls(Files.readAllLines(maps, StandardCharsets.ISO_8859_1)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The netty-tcnative (BoringSSL) libraries mapped in a process, named by the prefix of their
   * shading: {@value #RATIS} (Ratis' gRPC), {@value #GRPC} (grpc-java's), {@code ""} (unshaded).
   */
  static TreeSet<String> nativeTls(List<String> mapsLines) {
    TreeSet<String> found = new TreeSet<>();
    for (String line : mapsLines) {
      Matcher m = TCNATIVE.matcher(line);
      if (m.find()) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  private static String describe(Set<String> libs) {
    return libs.isEmpty() ? "none" : libs.stream()
        .map(l -> l.isEmpty() ? "netty-tcnative" : l + "_netty_tcnative")
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private record Tool(int exit, String output) {}

  private static Tool run(List<String> cmd) throws IOException, InterruptedException {
    Path log = Files.createTempFile("bench-tool", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    try {
      p.getOutputStream().close(); // s_client: end of input, so it closes after the handshake
      if (!p.waitFor(TOOL.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(cmd.get(0) + " did not finish within " + TOOL.toSeconds() + " s");
      }
      return new Tool(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    }
  }
}
