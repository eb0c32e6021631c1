package io.switchboard.cluster.jgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.tls.PemTls;
import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.ClusterPorts;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.AwaitFailed;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.jgroups.protocols.FD_SOCK2;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on the JGroups transport: real channels on 127.0.0.1 in this JVM, certificates from
 * {@code scripts/make-certs.sh}. n1 and n2 hold node certificates of our CA; the outsider n3 holds
 * a node certificate of a foreign CA, our CA's client certificate, or nothing (plaintext). Every
 * node is seeded with every port and all share one cluster name, so only TLS keeps n3 out.
 */
class JGroupsTlsTest {
  private static final Duration FORM_BOUND = Duration.ofSeconds(20);

  /**
   * How long an outsider is watched: its own join attempt (join timeout 2 s) and at least one
   * MERGE3 round of each side (at most 5 s apart). A broken gate lets it in at its join already.
   */
  private static final Duration WATCH = Duration.ofSeconds(8);

  /** FD_SOCK2 sees the crash at once, VERIFY_SUSPECT2 takes 1 s; ample for a loaded machine. */
  private static final Duration CRASH_BOUND = Duration.ofSeconds(15);

  private static final Duration POLL = Duration.ofMillis(50);

  @TempDir static Path certs;
  private static Path ours;
  private static Path foreign;

  private final String cluster = "tls-" + Long.toHexString(System.nanoTime());
  private final List<JGroupsMembership> started = new CopyOnWriteArrayList<>();
  private final ClusterPorts ports = new ClusterPorts(3);

  @BeforeAll
  static void makeCertificates() throws Exception {
    ours = certs.resolve("ours");
    foreign = certs.resolve("foreign");
    MakeCerts.run(ours, "n1", "n2");
    MakeCerts.run(foreign, "n3");
  }

  @AfterEach
  void closeAll() {
    started.forEach(JGroupsMembership::close);
  }

  private ClusterConfig config(int i, @Nullable PemTls tls) {
    return ports.config(i).clusterName(cluster).expectedSize(2).grpc("127.0.0.1", 50_051 + i)
        .tls(tls).build();
  }

  private JGroupsMembership start(ClusterConfig config, ViewRecorder recorder) {
    JGroupsMembership m = new JGroupsMembership(config);
    m.addListener(recorder);
    started.add(m);
    m.start();
    return m;
  }

  private static Set<String> names(Membership m) {
    return m.members().stream().map(Member::name).collect(Collectors.toSet());
  }

  private static Predicate<Membership> exactly(String... names) {
    return m -> names(m).equals(Set.of(names));
  }

  @Test
  @Timeout(60)
  void start_twoNodesWithCaCertificates_oneViewOfTwo_portRefusesNoCertificate_crashDetected()
      throws Exception {
    ViewRecorder r1 = new ViewRecorder();
    ViewRecorder r2 = new ViewRecorder();
    start(config(0, MakeCerts.tls(ours, "n1")), r1);
    JGroupsMembership n2 = start(config(1, MakeCerts.tls(ours, "n2")), r2);

    r1.awaitLatest(exactly("n1", "n2"), FORM_BOUND, "n1 and n2");
    r2.awaitLatest(exactly("n1", "n2"), FORM_BOUND, "n1 and n2");
    assertHandshakeWithoutCertificateRefused(ports.port(0), "CN=n1");
    for (JGroupsMembership m : started) { // FD_SOCK2 (plaintext NIO) still watches its neighbour
      FD_SOCK2 fd = m.channel().getProtocolStack().findProtocol(FD_SOCK2.class);
      Await.until("FD_SOCK2 connected", FORM_BOUND, () -> "CONNECTED".equals(fd.getClientState()));
    }

    JGroupsFaults.crash(n2);
    r1.awaitLatest(exactly("n1"), CRASH_BOUND, "n1 alone after n2 crashed");
  }

  /**
   * A TLS client that trusts our CA but has no certificate: the port serves the node's
   * certificate over TLS 1.3, then refuses us (TLS 1.3 completes the client's side of the
   * handshake first; the server's verdict arrives as an alert on the first read).
   */
  private static void assertHandshakeWithoutCertificateRefused(int port, String subject)
      throws IOException {
    PemTls caOnly = PemTls.trusting(ours.resolve("ca.pem"));
    try (SSLSocket s = (SSLSocket) caOnly.sslContext().getSocketFactory()
        .createSocket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      X509Certificate server = (X509Certificate) s.getSession().getPeerCertificates()[0];
      assertThat(server.getSubjectX500Principal().getName()).isEqualTo(subject);
      assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("certificate"); // bad_certificate or certificate_required
    }
  }

  @Test
  @Timeout(60)
  void outsider_foreignCaCertificate_neverJoinsAndSeesNoOne() throws Exception {
    assertKeptOut(MakeCerts.tls(foreign, "n3"));
  }

  @Test
  @Timeout(60)
  void outsider_plaintext_neverJoinsAndSeesNoOne() throws Exception {
    assertKeptOut(null);
  }

  @Test
  @Timeout(60)
  void outsider_clientCertificateOfOurCa_neverJoinsAndSeesNoOne() throws Exception {
    assertKeptOut(MakeCerts.tls(ours, "client"));
  }

  /**
   * Starts n1 and n2 with our node certificates and n3 with {@code outsiderTls}, all at once, waits
   * for the view of n1 and n2, then watches every view of all three for {@link #WATCH}.
   */
  private void assertKeptOut(@Nullable PemTls outsiderTls) throws Exception {
    ViewRecorder r1 = new ViewRecorder();
    ViewRecorder r2 = new ViewRecorder();
    ViewRecorder r3 = new ViewRecorder();
    CompletableFuture<JGroupsMembership> outsider =
        CompletableFuture.supplyAsync(() -> start(config(2, outsiderTls), r3));
    JGroupsMembership n1 = start(config(0, MakeCerts.tls(ours, "n1")), r1);
    start(config(1, MakeCerts.tls(ours, "n2")), r2);
    outsider.get(FORM_BOUND.toSeconds(), TimeUnit.SECONDS);
    r1.awaitLatest(exactly("n1", "n2"), FORM_BOUND, "n1 and n2");
    r2.awaitLatest(exactly("n1", "n2"), FORM_BOUND, "n1 and n2");

    assertNever("a view of n1 or n2 with n3, or one of n3 with anyone else",
        () -> anyView(r1, m -> names(m).contains("n3"))
            || anyView(r2, m -> names(m).contains("n3"))
            || anyView(r3, m -> !names(m).equals(Set.of("n3"))),
        () -> "n1 " + views(r1) + ", n2 " + views(r2) + ", n3 " + views(r3));
    assertThat(names(n1.current())).containsExactlyInAnyOrder("n1", "n2");
  }

  private static boolean anyView(ViewRecorder r, Predicate<Membership> p) {
    return r.arrivals().stream().anyMatch(a -> p.test(a.membership()));
  }

  private static List<Set<String>> views(ViewRecorder r) {
    return r.arrivals().stream().map(a -> names(a.membership())).collect(Collectors.toList());
  }

  /** Fails as soon as {@code happened} holds within {@link #WATCH}; passes when it never does. */
  private static void assertNever(String what, BooleanSupplier happened,
      Supplier<String> views) {
    boolean seen;
    try {
      Await.atMost(WATCH).pollEvery(POLL).until(what, happened);
      seen = true;
    } catch (AwaitFailed expected) {
      seen = false;
    }
    assertThat(seen).as("%s within %s; views: %s", what, WATCH, views.get()).isFalse();
  }
}
