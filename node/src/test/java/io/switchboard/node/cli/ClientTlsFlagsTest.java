package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.stub.StreamObserver;
import io.switchboard.client.tls.PemTls;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.Member;
import io.switchboard.proto.v1.MembersReply;
import io.switchboard.proto.v1.MembersRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tls-ca/--tls-cert/--tls-key} of the client commands through the real command line,
 * against a gRPC server on TCP that requires a client certificate (material from
 * {@code scripts/make-certs.sh}); the client dials {@code localhost}, a name in the node
 * certificate. Flags that do not fit and unreadable files are usage errors (exit 2) before
 * anything is sent; a connection the server refuses is a failed RPC (exit 1).
 */
@Timeout(60)
class ClientTlsFlagsTest {
  @TempDir static Path certs;
  static Server tlsServer;
  static Server plainServer;
  static final AtomicInteger calls = new AtomicInteger();
  static String tlsTarget;
  static String ca;
  static String cert;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    MakeCerts.run(certs, "n1");
    ca = certs.resolve("ca.pem").toString();
    cert = certs.resolve("client.pem").toString();
    key = certs.resolve("client-key.pem").toString();
    PemTls node = PemTls.of(certs.resolve("ca.pem"), certs.resolve("n1.pem"),
        certs.resolve("n1-key.pem"));
    tlsServer = server(node.serverCredentials(true));
    plainServer = server(InsecureServerCredentials.create());
    tlsTarget = "localhost:" + tlsServer.getPort();
  }

  private static Server server(ServerCredentials credentials) throws Exception {
    return Grpc.newServerBuilderForPort(0, credentials).addService(new Echo()).build().start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    tlsServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    plainServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() {
    calls.set(0);
  }

  private static Cli run(Map<String, String> env, String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--target", tlsTarget));
    all.addAll(List.of(args));
    return Cli.run(env, all.toArray(new String[0]));
  }

  @Test
  void call_caCertAndKey_repliesExit0() {
    Cli r = run(Map.of(), "call", "--tls-ca", ca, "--tls-cert", cert, "--tls-key", key,
        "counter-1", "increment");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("increment");
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void members_tlsFromTheEnvironment_used() {
    Cli r = run(Map.of("SWITCHBOARD_TLS_CA", ca, "SWITCHBOARD_TLS_CERT", cert,
        "SWITCHBOARD_TLS_KEY", key), "members");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("n1");
  }

  @Test
  void call_caOnlyAgainstRequire_unavailableExit1() {
    Cli r = run(Map.of(), "call", "--tls-ca", ca, "counter-1", "read");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("UNAVAILABLE: ").containsIgnoringCase("certificate_required");
    assertThat(calls.get()).isZero();
  }

  @Test
  void call_plaintextAgainstTls_unavailableExit1() {
    Cli r = run(Map.of(), "call", "--timeout", "3s", "counter-1", "read");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("UNAVAILABLE: ");
    assertThat(calls.get()).isZero();
  }

  @Test
  void certOrKeyWithoutCa_usageErrorExit2() {
    Cli certAndKey = run(Map.of(), "call", "--tls-cert", cert, "--tls-key", key, "counter-1",
        "read");
    assertThat(certAndKey.exit()).isEqualTo(2);
    assertThat(certAndKey.err()).contains("--tls-cert needs --tls-ca").contains("call --help");
    Cli keyOnly = run(Map.of(), "status", "--tls-key", key);
    assertThat(keyOnly.exit()).isEqualTo(2);
    assertThat(keyOnly.err()).contains("--tls-key needs --tls-ca");
    assertThat(calls.get()).isZero();
  }

  @Test
  void certWithoutKey_usageErrorExit2NamingTheFile() {
    Cli r = run(Map.of(), "call", "--tls-ca", ca, "--tls-cert", cert, "counter-1", "read");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--tls-key").contains(cert);
    assertThat(calls.get()).isZero();
  }

  @Test
  void missingOrNonPemFile_usageErrorExit2NamingTheFile() throws Exception {
    String missing = certs.resolve("nosuch.pem").toString();
    Cli r = run(Map.of(), "whereis", "--tls-ca", missing, "counter-1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("cannot use the TLS files: ").contains(missing);
    String text = Files.writeString(certs.resolve("notes.txt"), "not a key\n").toString();
    Cli badKey = run(Map.of(), "call", "--tls-ca", ca, "--tls-cert", cert, "--tls-key", text,
        "counter-1", "read");
    assertThat(badKey.exit()).isEqualTo(2);
    assertThat(badKey.err()).contains(text).contains("PKCS#8");
    assertThat(calls.get()).isZero();
  }

  @Test
  void keyOfAnotherCertificate_usageErrorExit2() {
    String nodeKey = certs.resolve("n1-key.pem").toString();
    Cli r = run(Map.of(), "call", "--tls-ca", ca, "--tls-cert", cert, "--tls-key", nodeKey,
        "counter-1", "read");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(nodeKey).contains("not the private key of " + cert);
  }

  /**
   * A node's own environment: SWITCHBOARD_TLS_* are its peer-plane identity and
   * SWITCHBOARD_CLIENT_TLS=off says its client port is plaintext — a CLI run there (docker exec)
   * talks plaintext; a TLS flag on the command line still turns TLS on.
   */
  @Test
  void nodeEnvironmentWithClientTlsOff_variablesIgnored_flagsStillApply() {
    Map<String, String> nodeEnv = Map.of("SWITCHBOARD_TLS_CA", ca, "SWITCHBOARD_TLS_CERT", cert,
        "SWITCHBOARD_TLS_KEY", key, "SWITCHBOARD_CLIENT_TLS", "off");
    Cli plain = Cli.run(nodeEnv, "call", "--target", "127.0.0.1:" + plainServer.getPort(),
        "counter-1", "read");
    assertThat(plain.exit()).as(plain.err()).isZero();
    assertThat(plain.out().strip()).isEqualTo("read");
    Cli flagged = run(nodeEnv, "call", "--tls-ca", ca, "--tls-cert", cert, "--tls-key", key,
        "counter-1", "increment");
    assertThat(flagged.exit()).as(flagged.err()).isZero();
    Cli required = run(Map.of("SWITCHBOARD_TLS_CA", ca, "SWITCHBOARD_TLS_CERT", cert,
        "SWITCHBOARD_TLS_KEY", key, "SWITCHBOARD_CLIENT_TLS", "require"), "members");
    assertThat(required.exit()).as("client port with TLS: the variables apply").isZero();
  }

  @Test
  void emptyVariables_plaintext() {
    Cli r = Cli.run(Map.of("SWITCHBOARD_TLS_CA", "", "SWITCHBOARD_TLS_CERT", ""), "call",
        "--target", "127.0.0.1:" + plainServer.getPort(), "counter-1", "read");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("read");
  }

  @Test
  void help_everyClientCommand_listsTheTlsFlags() {
    for (String command : List.of("call", "cast", "whereis", "members", "status", "tree",
        "kill")) {
      Cli r = Cli.run(command, "--help");
      assertThat(r.out()).as(command).contains("--tls-ca=FILE", "--tls-cert=FILE",
          "--tls-key=FILE", "SWITCHBOARD_TLS_CA");
    }
  }

  /** Calls echo their input; members answers a view of one node, n1. */
  private static final class Echo extends SwitchboardGrpc.SwitchboardImplBase {
    @Override
    public void call(CallRequest request, StreamObserver<CallReply> out) {
      calls.incrementAndGet();
      out.onNext(CallReply.newBuilder().setPayload(request.getPayload()).build());
      out.onCompleted();
    }

    @Override
    public void members(MembersRequest request, StreamObserver<MembersReply> out) {
      out.onNext(MembersReply.newBuilder().setSelf("n1").setExpectedSize(1).setQuorum(true)
          .addMembers(Member.newBuilder().setName("n1").setEndpoint(tlsTarget)).build());
      out.onCompleted();
    }
  }
}
