package io.switchboard.cluster.jgroups;

import io.switchboard.cluster.transport.NodeCertificates;
import io.switchboard.client.tls.PemTls;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.jgroups.util.DefaultSocketFactory;
import org.jgroups.util.SocketFactory;
import org.jgroups.util.TimeScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket factory of the JGroups TCP transport under mutual TLS (see {@link JGroupsStack} for
 * why this mechanism). Every socket it makes speaks TLS 1.3 or 1.2 over the node's {@link PemTls}
 * material:
 *
 * <ul>
 *   <li><b>Accepted connections</b> must present a certificate signed by the CA ({@code
 *       needClientAuth}), and a node certificate at that ({@link NodeCertificates}).
 *   <li><b>Outgoing connections</b> verify the member's certificate by the CA and present ours. No
 *       host name is checked: members are reached at the IP addresses they announce, which change
 *       with every container, so the CA's signature is what admits a peer.
 *   <li><b>Handshakes are bounded.</b> JGroups connects on its sending thread and then calls {@code
 *       SSLSocket.startHandshake()} with no read timeout. A peer that accepts TCP but never answers
 *       TLS — a paused process, whose kernel still completes the TCP handshake, or anything else
 *       listening at a seed address — would hold that thread, and with it every send of this node,
 *       forever. So each outgoing socket is closed when its handshake has not completed within
 *       {@value #HANDSHAKE_TIMEOUT_MS} ms of its creation (a watch on the transport's timer); the
 *       send fails and JGroups tries again with the next message. Accepted connections need no
 *       watch: JGroups reads the peer's first bytes — the handshake included — with a 2 s timeout.
 * </ul>
 *
 * <p>Certificates are read through {@link PemTls#keyManager()} and {@link PemTls#trustManager()}, so
 * replaced files take effect at the next handshake; open connections keep theirs.
 *
 * <p>The factory is thread-safe; JGroups calls it from its sending and accepting threads.
 */
final class TlsSockets {

  private static final Logger LOG = LoggerFactory.getLogger(TlsSockets.class);

  /** The protocols offered and accepted; older ones are off in the JDK anyway. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /**
   * Bound on an outgoing connection from socket creation to the end of the TLS handshake, in ms:
   * the TCP connect ({@link JGroupsStack#CONNECT_TIMEOUT_MS}) plus a handshake, which takes a few
   * ms when warm and a few hundred when the JVM is cold on a loaded machine.
   */
  static final int HANDSHAKE_TIMEOUT_MS = 2_000;

  private TlsSockets() {}

  /**
   * A socket factory for {@code TCP.setSocketFactory}.
   *
   * @param timer the transport's timer; asked when a socket is made (the transport has started by
   *     then), runs the handshake watch
   */
  static SocketFactory factory(PemTls tls, Supplier<TimeScheduler> timer) {
    DefaultSocketFactory factory = new DefaultSocketFactory(context(tls));
    factory.setServerSocketConfigurator(s -> configureServer((SSLServerSocket) s));
    factory.setSocketConfigurator(s -> configureClient((SSLSocket) s, timer.get()));
    return factory;
  }

  /** A TLS context over the node's reloading key manager and {@link NodeCertificates}. */
  static SSLContext context(PemTls tls) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {tls.keyManager()},
          new TrustManager[] {new NodeCertificates(tls.trustManager())}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this JVM: " + e, e);
    }
  }

  private static void configureServer(SSLServerSocket server) {
    SSLParameters p = server.getSSLParameters();
    p.setProtocols(PROTOCOLS);
    p.setNeedClientAuth(true);
    server.setSSLParameters(p);
  }

  private static void configureClient(SSLSocket socket, TimeScheduler timer) {
    SSLParameters p = socket.getSSLParameters();
    p.setProtocols(PROTOCOLS);
    p.setEndpointIdentificationAlgorithm(null); // by IP, gated by the CA: see the class comment
    socket.setSSLParameters(p);
    HandshakeWatch watch = new HandshakeWatch(socket);
    socket.addHandshakeCompletedListener(watch);
    timer.schedule(watch, HANDSHAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  /** Closes its socket unless the handshake completed in time. */
  private static final class HandshakeWatch implements Runnable, HandshakeCompletedListener {
    private final Socket socket;
    private volatile boolean completed;

    HandshakeWatch(Socket socket) {
      this.socket = socket;
    }

    @Override
    public void handshakeCompleted(HandshakeCompletedEvent event) {
      completed = true;
    }

    @Override
    public void run() {
      if (completed || socket.isClosed()) {
        return;
      }
      LOG.warn("cluster tls handshake timed out peer={} after_ms={} closing",
          socket.getRemoteSocketAddress(), HANDSHAKE_TIMEOUT_MS);
      try {
        socket.close(); // unblocks startHandshake() on JGroups' sending thread
      } catch (IOException e) {
        LOG.debug("closing a stalled tls socket failed peer={}", socket.getRemoteSocketAddress(),
            e);
      }
    }
  }
}
