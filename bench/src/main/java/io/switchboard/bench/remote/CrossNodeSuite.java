package io.switchboard.bench.remote;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.switchboard.bench.BenchContext;
import io.switchboard.bench.Suite;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.model.Numbers;
import io.switchboard.bench.support.Machine;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.testkit.AwaitFailed;
import io.switchboard.testkit.ChildProcess;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A cross-node {@code Call} over loopback through two node processes (client → n1 → owner n2)
 * beside the same call sent to the owner directly, the same two calls on a second two-node
 * cluster whose peer plane runs mutual TLS, and a raw grpc-java unary echo (one hop) and relay
 * (two hops), all measured interleaved in the same run.
 */
public final class CrossNodeSuite implements Suite {
  private static final Pattern ECHO_READY = Pattern.compile("echo ready port=\\d+");
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  static final String RAW = "raw gRPC echo (1 hop)";
  static final String RELAY = "raw gRPC relay → echo (2 hops)";
  static final String DIRECT = "node Call to the owner (1 hop)";
  static final String FORWARDED = "node Call via a non-owner (2 hops)";
  static final String DIRECT_MTLS = "node Call to the owner, peer-mTLS cluster (1 hop)";
  static final String FORWARDED_MTLS = "node Call via a non-owner, peer mTLS (2 hops)";

  @Override
  public String name() {
    return "cross-node";
  }

  @Override
  public String title() {
    return "Cross-node call over loopback";
  }

  @Override
  public Findings run(BenchContext ctx) throws Exception {
    Findings.Builder f = Findings.builder(method());
    if (!Files.isRegularFile(ctx.options().nodeJar())) {
      return f.gap("the node jar " + ctx.options().nodeJar() + " does not exist (build it with "
          + "`./mvnw -pl node -am package`).").build();
    }
    int warmup = ctx.pick(300, 5_000);
    int calls = ctx.pick(1_000, 20_000);
    int echoPort = FreePorts.port();
    int relayPort = FreePorts.port();
    ChildProcess echo = startEcho(ctx, echoPort, -1);
    ChildProcess relay = null;
    try {
      relay = startEcho(ctx, relayPort, echoPort);
      ManagedChannel echoCh = channel(echoPort);
      ManagedChannel relayCh = channel(relayPort);
      ProcessCluster cluster = startNodes(ctx, f);
      ProcessCluster tls = null;
      List<ManagedChannel> nodeChannels = new ArrayList<>();
      try {
        tls = startTlsNodes(ctx, f, cluster);
        Interleaved runs = new Interleaved()
            .add(RAW, () -> echoCall(echoCh))
            .add(RELAY, () -> echoCall(relayCh));
        if (cluster != null) {
          addNodeCalls(cluster, runs, nodeChannels, DIRECT, FORWARDED);
        }
        if (tls != null) {
          addNodeCalls(tls, runs, nodeChannels, DIRECT_MTLS, FORWARDED_MTLS);
        }
        CrossNodeReport.write(f, runs.run(warmup, calls));
        f.note("1-minute load average when the measured rounds ended: "
            + Numbers.format(Machine.loadAverage()) + ". Run as `" + commandLine() + "`.");
        if (tls != null) {
          f.note("Peer mTLS as observed after the run: " + PeerTls.observed(tls,
              PeerTls.certs(ctx)) + ".");
        }
        return f.build();
      } finally {
        for (ManagedChannel ch : nodeChannels) {
          ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        closeAll(tls, cluster);
        echoCh.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        relayCh.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      echo.close();
      if (relay != null) {
        relay.close();
      }
    }
  }

  /**
   * Two clustered nodes; if they cannot form a cluster, one standalone node (direct calls only);
   * {@code null} if no node starts. Every fallback is recorded as a gap.
   */
  private static ProcessCluster startNodes(BenchContext ctx, Findings.Builder f) {
    try {
      return Nodes.start(ctx, 2, "cross");
    } catch (IOException | AwaitFailed e) {
      f.gap("two nodes did not form a cluster, so there is no forwarded call (and no figure for "
          + "the forwarding goal); measured against one standalone node instead:\n\n```\n"
          + brief(e) + "\n```");
    }
    try {
      return Nodes.start(ctx, 1, "single");
    } catch (IOException | AwaitFailed e) {
      f.gap("a standalone node did not start either:\n\n```\n" + brief(e) + "\n```");
      return null;
    }
  }

  /**
   * The second, peer-mTLS cluster (its ports are free ports of its own, like the first's), only
   * when the plaintext one formed with two nodes: its forwarded call is the mTLS figure's baseline.
   * {@code null}, with a gap recorded, when it cannot be had.
   */
  private static @Nullable ProcessCluster startTlsNodes(BenchContext ctx, Findings.Builder f,
      @Nullable ProcessCluster plain) throws InterruptedException {
    if (plain == null || plain.size() < 2) {
      f.gap("no peer-mTLS cluster either: its figures stand beside the plaintext forwarded call.");
      return null;
    }
    return PeerTls.start(ctx, f);
  }

  /** Closes every cluster that was started, even when closing one of them throws. */
  private static void closeAll(@Nullable ProcessCluster... clusters) {
    RuntimeException first = null;
    for (ProcessCluster c : clusters) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Adds the node calls, as the kinds {@code direct} and {@code forwarded}: to the owner of a
   * counter directly, and (with two nodes) through the other node, which forwards. The counter is
   * started on demand by a first call. The measured calls are made exactly as the raw echo's (a
   * blocking unary call on a plain channel, one per node, added to {@code channels}), so that only
   * the server side differs.
   */
  private static void addNodeCalls(ProcessCluster cluster, Interleaved runs,
      List<ManagedChannel> channels, String direct, String forwarded) {
    int owner = cluster.size() - 1;
    String name = "counter-bench";
    for (int i = 0; cluster.size() > 1; i++) {
      name = "counter-bench-" + i;
      String node = Nodes.owner(cluster.client(0), name);
      if (node.equals(cluster.node(owner).name())) {
        break;
      }
      if (i > 1_000) {
        throw new IllegalStateException("no name among 1 000 is owned by "
            + cluster.node(owner).name() + " (last owner: " + node + ")");
      }
    }
    CallRequest read = CallRequest.newBuilder().setName(name)
        .setPayload(com.google.protobuf.ByteString.copyFromUtf8("read")).build();
    Nodes.ok(cluster.client(owner).call(name, "read", DEADLINE), "the first read of " + name);
    ManagedChannel toOwner = channel(cluster.node(owner).grpcPort());
    channels.add(toOwner);
    runs.add(direct, () -> nodeCall(toOwner, read));
    if (cluster.size() > 1) {
      ManagedChannel via = channel(cluster.node(0).grpcPort());
      channels.add(via);
      runs.add(forwarded, () -> nodeCall(via, read));
    }
  }

  /** This JVM's command line as the OS reports it, or {@code unknown}. */
  private static String commandLine() {
    return ProcessHandle.current().info().commandLine().orElse("unknown");
  }

  /**
   * An error in a few lines: the first line of its message, then the lines of the log tail it
   * carries that say what went wrong (not the usage text a refusing command prints).
   */
  static String brief(Throwable e) {
    List<String> lines = (e.getMessage() == null ? e.toString() : e.getMessage()).lines()
        .toList();
    List<String> out = new ArrayList<>();
    out.add(lines.isEmpty() ? e.toString() : lines.get(0));
    lines.stream().skip(1).filter(CrossNodeSuite::saysWhy).limit(8).forEach(out::add);
    return String.join("\n", out);
  }

  private static boolean saysWhy(String line) {
    String l = line.toLowerCase(java.util.Locale.ROOT);
    return !l.startsWith(" ") && (l.contains("error") || l.contains("exception")
        || l.contains("fail") || l.contains("cannot") || l.contains("refus")
        || l.contains("ask for") || l.contains("unknown") || l.contains("not "));
  }

  /**
   * Starts the raw gRPC echo (or, with {@code relayTo > 0}, a relay to it) on {@code port} in a
   * child JVM and waits until it serves; also the replication suite's round-trip baseline.
   */
  static ChildProcess startEcho(BenchContext ctx, int port, int relayTo)
      throws IOException {
    List<String> args = new ArrayList<>(List.of(Integer.toString(port)));
    if (relayTo > 0) {
      args.add(Integer.toString(relayTo));
    }
    ChildProcess p = ChildProcess.start("echo server " + port, ChildProcess.java(
        List.of("-Xmx256m"), ctx.classPath(), EchoServer.class.getName(), args),
        ctx.workDir().resolve("echo-" + port + ".log"));
    try {
      p.awaitLine(ECHO_READY, 1, Duration.ofSeconds(60));
    } catch (AwaitFailed e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** A plaintext channel to {@code 127.0.0.1:port}. */
  static ManagedChannel channel(int port) {
    return Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create())
        .build();
  }

  private static final CallRequest READ = CallRequest.newBuilder().setName("echo")
      .setPayload(com.google.protobuf.ByteString.copyFromUtf8("read")).build();

  /** One blocking unary call to the echo (or relay) on {@code ch}; throws on an error status. */
  static void echoCall(ManagedChannel ch) {
    ClientCalls.blockingUnaryCall(ch, EchoService.CALL,
        CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toNanos(), TimeUnit.NANOSECONDS), READ);
  }

  /** {@code switchboard.v1.Switchboard/Call}, made as {@link #echoCall} makes the echo's. */
  private static void nodeCall(ManagedChannel ch, CallRequest request) {
    ClientCalls.blockingUnaryCall(ch, SwitchboardGrpc.getCallMethod(),
        CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toNanos(), TimeUnit.NANOSECONDS), request);
  }

  private static String method() {
    return "Two node processes (`java -cp node/target/switchboard.jar io.switchboard.node.Main "
        + "node …`, `-Xmx512m`, loopback ports, seeded with each other) and two raw grpc-java "
        + "processes: an echo "
        + "server and a relay that forwards each call asynchronously to the echo (both "
        + "`bench.Echo/Call` with the node's own `CallRequest`/`CallReply` protobuf types, Netty "
        + "transport). One client thread with one channel per target makes blocking unary calls "
        + "with a 5 s deadline: to the echo (1 hop), to the relay (2 hops), `Call(counter, read)` "
        + "to the counter's owner (1 hop) and to the other node (2 hops: it forwards to the "
        + "owner). A second pair of nodes runs with mutual TLS on its peer plane (`--tls-cert`, "
        + "`--tls-key`, `--tls-ca`: Peer and Raft on `--peer-port`, JGroups on `--cluster-port`; "
        + "EC P-256 certificates from `scripts/make-certs.sh`; clients still plaintext) and gets "
        + "the same two calls. Warm-up, then all six kinds interleaved in 10 rounds into "
        + "HdrHistograms. The "
        + "goal compares the forwarding hop (p50 via the non-owner − p50 to the owner) with one "
        + "raw gRPC call (p50 of the echo): ≤ 1.2× means forwarding adds at most 20 % over a raw "
        + "gRPC hop.";
  }
}
