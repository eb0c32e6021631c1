package io.switchboard.cluster.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust for the peer plane (the JGroups transport, and {@code Peer} and Raft on the peer port):
 * what the CA signed (the delegate, {@code PemTls}'s reloading
 * trust manager), and, from a peer that connects to us, a <em>node</em> certificate — one that may
 * also act as a server (extended key usage {@code serverAuth}, as {@code scripts/make-certs.sh}
 * gives every node, or no extended key usage at all).
 *
 * <p><b>Why.</b> One CA signs the nodes' certificates and the clients' ({@code client.pem}, usage
 * {@code clientAuth} only, for {@code --client-tls require}). The JDK checks {@code clientAuth} on
 * the certificate of a connecting peer and {@code serverAuth} on the one of an accepting peer. A
 * JGroups member is both: it connects to some members and accepts the others, and JGroups sends
 * both ways over whichever connection exists first. Without this check a client certificate could
 * open a connection to a member and join the group through it — and a member of the view is what
 * the peer plane admits ({@code PeerAdmission}); on the peer port it could call {@code Peer} or
 * speak Raft. With it, a connecting peer must hold a certificate it could also serve with, so only
 * node certificates join or call.
 *
 * <p>Each refusal is logged, one line with the peer's subject, issuer and the reason. Thread-safe
 * (stateless over a thread-safe delegate).
 */
public final class NodeCertificates extends X509ExtendedTrustManager {

  private static final Logger LOG = LoggerFactory.getLogger(NodeCertificates.class);

  /** Extended key usage "TLS WWW server authentication" (RFC 5280, 4.2.1.12). */
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  /** Extended key usage "any" (RFC 5280, 4.2.1.12): no restriction. */
  static final String ANY_USAGE = "2.5.29.37.0";

  private final X509ExtendedTrustManager ca;

  /** Trust in what {@code ca} trusts, narrowed as the class comment says. */
  public NodeCertificates(X509ExtendedTrustManager ca) {
    this.ca = ca;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check("connecting", chain, () -> {
      ca.checkClientTrusted(chain, authType, socket);
      requireNode(chain);
    });
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check("connecting", chain, () -> {
      ca.checkClientTrusted(chain, authType, engine);
      requireNode(chain);
    });
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check("connecting", chain, () -> {
      ca.checkClientTrusted(chain, authType);
      requireNode(chain);
    });
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    // the JDK itself requires serverAuth of a server's certificate
    check("accepting", chain, () -> ca.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check("accepting", chain, () -> ca.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check("accepting", chain, () -> ca.checkServerTrusted(chain, authType));
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return ca.getAcceptedIssuers();
  }

  private interface Check {
    void run() throws CertificateException;
  }

  /**
   * Runs {@code check} and logs its refusal: JGroups itself reports a refused handshake only as
   * "Socket is closed", which does not say which certificate or why.
   */
  private static void check(String peerRole, X509Certificate[] chain, Check check)
      throws CertificateException {
    try {
      check.run();
    } catch (CertificateException e) {
      boolean none = chain == null || chain.length == 0;
      LOG.warn("cluster tls peer refused peer_role={} subject=\"{}\" issuer=\"{}\""
              + " reason=\"{}\"", peerRole, none ? "" : chain[0].getSubjectX500Principal(),
          none ? "" : chain[0].getIssuerX500Principal(), e.getMessage());
      throw e;
    }
  }

  /** Refuses a chain whose first certificate is not a node certificate (see the class comment). */
  public static void requireNode(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the peer presented no certificate");
    }
    X509Certificate leaf = chain[0];
    List<String> usages;
    try {
      usages = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw new CertificateException("cannot read the extended key usage of "
          + leaf.getSubjectX500Principal() + ": " + e.getMessage(), e);
    }
    if (usages != null && !usages.contains(SERVER_AUTH) && !usages.contains(ANY_USAGE)) {
      throw new CertificateException(leaf.getSubjectX500Principal() + " is not a node "
          + "certificate (extended key usage " + usages + " lacks serverAuth): only nodes may "
          + "join the cluster; make one with scripts/make-certs.sh NODE");
    }
  }
}
