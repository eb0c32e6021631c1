package io.switchboard.cluster.jgroups;

import io.switchboard.cluster.transport.NodeCertificates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.tls.PemTls;
import io.switchboard.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.jgroups.util.SocketFactory;
import org.jgroups.util.TimeScheduler3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TlsSockets} and {@link NodeCertificates} without a channel: the sockets JGroups would get,
 * on 127.0.0.1, and the transport's kind of timer.
 */
class JGroupsTlsSocketsTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @TempDir static Path certs;

  private final TimeScheduler3 timer = new TimeScheduler3();

  @BeforeAll
  static void makeCertificates() throws Exception {
    MakeCerts.run(certs, "n1", "n2");
  }

  @AfterEach
  void stopTimer() {
    timer.stop();
  }

  private SocketFactory factory(String node) {
    return TlsSockets.factory(MakeCerts.tls(certs, node), () -> timer);
  }

  private static X509Certificate[] chain(String name) {
    PemTls tls = MakeCerts.tls(certs, name);
    return new X509Certificate[] {tls.certificate().orElseThrow()};
  }

  @Test
  void requireNode_nodeCertificate_accepted() {
    assertThatCode(() -> NodeCertificates.requireNode(chain("n1"))).doesNotThrowAnyException();
  }

  @Test
  void requireNode_clientCertificate_refusedNamingIt() {
    assertThatThrownBy(() -> NodeCertificates.requireNode(chain("client")))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("CN=client")
        .hasMessageContaining("not a node certificate");
  }

  /**
   * Without the watch this blocks for good (seen: over 10 minutes) and ignores interrupts, hence
   * the timeout on a separate thread: a regression fails instead of hanging the build.
   */
  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void handshake_peerAcceptsTcpButStaysSilent_socketClosedAfterBound() throws Exception {
    int port = FreePorts.port();
    try (ServerSocket silent = new ServerSocket(port, 8, LOOPBACK)) { // the kernel accepts
      Socket s = factory("n1").createSocket("test");
      s.connect(new InetSocketAddress(LOOPBACK, port), JGroupsStack.CONNECT_TIMEOUT_MS);
      long t0 = System.nanoTime();

      assertThatThrownBy(((SSLSocket) s)::startHandshake).isInstanceOf(IOException.class);

      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(millis).isLessThan(TlsSockets.HANDSHAKE_TIMEOUT_MS + 5_000L);
      assertThat(s.isClosed()).isTrue();
    }
  }

  @Test
  @Timeout(30)
  void handshake_twoNodes_completesAndSurvivesTheBound() throws Exception {
    int port = FreePorts.port();
    try (ServerSocket server = factory("n1").createServerSocket("test", port, 8, LOOPBACK)) {
      CompletableFuture<Integer> echoed = CompletableFuture.supplyAsync(() -> {
        try (Socket accepted = server.accept()) {
          int b = accepted.getInputStream().read();
          accepted.getOutputStream().write(b);
          accepted.getOutputStream().flush();
          return accepted.getInputStream().read(); // -1 once the client closes
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      try (Socket s = factory("n2").createSocket("test")) {
        s.connect(new InetSocketAddress(LOOPBACK, port), JGroupsStack.CONNECT_TIMEOUT_MS);
        ((SSLSocket) s).startHandshake();
        X509Certificate peer =
            (X509Certificate) ((SSLSocket) s).getSession().getPeerCertificates()[0];
        assertThat(peer.getSubjectX500Principal().getName()).isEqualTo("CN=n1");

        Thread.sleep(TlsSockets.HANDSHAKE_TIMEOUT_MS + 500L); // past the watch: it must stay quiet
        s.getOutputStream().write(42);
        s.getOutputStream().flush();
        assertThat(s.getInputStream().read()).isEqualTo(42);
        assertThat(s.isClosed()).isFalse();
      }
      assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
    }
  }
}
