package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.switchboard.client.tls.MakeCerts;
import io.switchboard.client.tls.PemTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SwitchboardClient.Builder#tls} against real gRPC servers with TLS on loopback TCP, with
 * material from {@code scripts/make-certs.sh}. The client dials {@code localhost:PORT}: the node
 * certificates name {@code n1}, {@code localhost} and {@code 127.0.0.1}.
 *
 * <p>Every refused connection fails the call with {@code UNAVAILABLE}: gRPC gives that code to
 * a transport that cannot be set up (a failed handshake, the peer closing the connection), and
 * with one attempt the client hands it back as it is. The reason is in the cause chain: a
 * certificate the client does not accept fails its own trust manager (a
 * {@code CertificateException}); one the server does not accept, or a missing one, reaches the
 * client only as the TLS alert the server sends; a plaintext client sees the connection closed.
 */
@Timeout(60)
class SwitchboardClientTlsTest {
  @TempDir static Path certs;
  @TempDir static Path otherCerts;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void makeCerts() throws Exception {
    MakeCerts.run(certs, "n1");
    MakeCerts.run(otherCerts, "n1"); // another CA: its certificates mean nothing to the first
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private static PemTls node() {
    return PemTls.of(certs.resolve("ca.pem"), certs.resolve("n1.pem"),
        certs.resolve("n1-key.pem"));
  }

  private static PemTls client() {
    return PemTls.of(certs.resolve("ca.pem"), certs.resolve("client.pem"),
        certs.resolve("client-key.pem"));
  }

  private TestNode server(boolean requireClientCertificate) throws Exception {
    TestNode n = TestNode.echo("n1", node().serverCredentials(requireClientCertificate));
    open.add(n);
    return n;
  }

  private SwitchboardClient connect(String target, SwitchboardClient.Builder b) {
    SwitchboardClient c = b.targets(target).maxAttempts(1).defaultTimeout(Duration.ofSeconds(10))
        .build();
    open.add(c);
    return c;
  }

  private static String localhost(TestNode n) {
    return "localhost:" + n.port();
  }

  @Test
  void tls_clientCertificateFromTheCa_callsAndQueriesWork() throws Exception {
    TestNode n = server(true);
    SwitchboardClient c = connect(localhost(n), SwitchboardClient.builder().tls(client()));
    assertThat(c.call("counter-1", "read", ClientCodec.utf8())).isEqualTo("n1:read");
    assertThat(c.members().self()).isEqualTo("n1");
    assertThat(n.calls.get()).isEqualTo(1);
  }

  @Test
  void tls_ipAddressInTheSans_works() throws Exception {
    TestNode n = server(true);
    SwitchboardClient c = connect(n.target(), SwitchboardClient.builder().tls(client()));
    assertThat(c.call("counter-1", "read", ClientCodec.utf8())).isEqualTo("n1:read");
  }

  @Test
  void tls_caOnlyAgainstOptional_works() throws Exception {
    TestNode n = server(false);
    PemTls trustOnly = PemTls.from(certs.resolve("ca.pem"), null, null);
    SwitchboardClient c = connect(localhost(n), SwitchboardClient.builder().tls(trustOnly));
    assertThat(c.call("counter-1", "read", ClientCodec.utf8())).isEqualTo("n1:read");
  }

  @Test
  void tls_caOnlyAgainstRequire_unavailableAndNothingReachesTheServer() throws Exception {
    TestNode n = server(true);
    PemTls trustOnly = PemTls.from(certs.resolve("ca.pem"), null, null);
    SwitchboardClient c = connect(localhost(n), SwitchboardClient.builder().tls(trustOnly));
    // TLS 1.3: the server asks for a certificate, gets none and answers with this alert
    assertThat(refused(c)).containsIgnoringCase("certificate_required");
    assertThat(n.calls.get()).isZero();
  }

  @Test
  void plaintext_againstTls_unavailableAndNothingReachesTheServer() throws Exception {
    TestNode n = server(true);
    SwitchboardClient c = connect(localhost(n), SwitchboardClient.builder().plaintext());
    // the server reads no TLS ClientHello, only HTTP/2's preface, and closes the connection
    refused(c);
    assertThat(n.calls.get()).isZero();
  }

  @Test
  void tls_trustingAnotherCa_unavailable() throws Exception {
    TestNode n = server(false);
    PemTls otherCa = PemTls.from(otherCerts.resolve("ca.pem"), null, null);
    SwitchboardClient c = connect(localhost(n), SwitchboardClient.builder().tls(otherCa));
    // the client's trust manager refuses the node's certificate (PKIX path validation)
    assertThat(refused(c)).contains("does not chain with any of the trust anchors");
    assertThat(n.calls.get()).isZero();
  }

  @Test
  void tls_clientCertificateOfAnotherCa_unavailable() throws Exception {
    TestNode n = server(true);
    PemTls foreign = PemTls.of(certs.resolve("ca.pem"), otherCerts.resolve("client.pem"),
        otherCerts.resolve("client-key.pem"));
    SwitchboardClient c = connect(localhost(n), SwitchboardClient.builder().tls(foreign));
    // the server's trust manager refuses it and the server sends an alert (BoringSSL, which
    // grpc-netty-shaded uses, sends internal_error; the JDK's engine certificate_unknown)
    assertThat(refused(c)).containsIgnoringCase("alert");
    assertThat(n.calls.get()).isZero();
  }

  @Test
  void tls_serverCertificateNotNamingTheHost_unavailable() throws Exception {
    // signed by the trusted CA, but for "elsewhere" only: the host name is checked too
    MakeCerts.openssl(certs, "genpkey", "-algorithm", "EC", "-pkeyopt",
        "ec_paramgen_curve:P-256", "-out", "elsewhere-key.pem");
    MakeCerts.openssl(certs, "req", "-new", "-key", "elsewhere-key.pem", "-subj",
        "/CN=elsewhere", "-addext", "subjectAltName=DNS:elsewhere", "-out", "elsewhere.csr");
    MakeCerts.openssl(certs, "x509", "-req", "-in", "elsewhere.csr", "-CA", "ca.pem", "-CAkey",
        "ca-key.pem", "-CAcreateserial", "-CAserial", "elsewhere.srl", "-copy_extensions",
        "copyall", "-days", "1", "-out", "elsewhere.pem");
    PemTls elsewhere = PemTls.of(certs.resolve("ca.pem"), certs.resolve("elsewhere.pem"),
        certs.resolve("elsewhere-key.pem"));
    TestNode n = TestNode.echo("n1", elsewhere.serverCredentials(false));
    open.add(n);
    SwitchboardClient c = connect(localhost(n), SwitchboardClient.builder().tls(client()));
    assertThat(refused(c)).contains("CertificateException")
        .contains("No subject alternative DNS name matching localhost");
    assertThat(n.calls.get()).isZero();
  }

  /**
   * The call fails with {@code UNAVAILABLE} (a single attempt); returns the messages of the whole
   * cause chain, where the handshake's reason is.
   */
  private static String refused(SwitchboardClient c) {
    SwitchboardException e = catchThrowableOfType(SwitchboardException.class,
        () -> c.call("counter-1", "read", ClientCodec.utf8()));
    assertThat(e).as("the call must fail").isNotNull();
    assertThat(e.code()).as(e.getMessage()).isEqualTo(Status.Code.UNAVAILABLE);
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return chain.toString();
  }
}
