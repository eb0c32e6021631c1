package io.switchboard.cluster.shard;

import io.switchboard.client.tls.PemTls;
import io.switchboard.cluster.transport.NodeCertificates;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.grpc.server.GrpcServices;
import org.jspecify.annotations.Nullable;

/**
 * How the node's Raft server meets the network beyond {@link RaftSettings}: mutual TLS for every
 * Raft link (server, admin and client services, and the connections this server makes), and the
 * other services that share its port ({@code Peer}, through {@link GrpcServices.Customizer}).
 *
 * @param tls the node's certificate, key and CA (re-read on change: Ratis gets the reloading
 *     managers, so rotated files apply to new connections), or {@code null} for plaintext
 * @param services adds services to Ratis' server, or {@code null} for Raft alone
 */
public record RaftTransport(@Nullable PemTls tls, GrpcServices.@Nullable Customizer services) {
  /** Plaintext, Raft alone (tests of the shard layer). */
  public static final RaftTransport PLAIN = new RaftTransport(null, null);

  /** The Ratis parameters for a server or a client of this transport. */
  Parameters parameters() {
    Parameters p = new Parameters();
    if (tls != null) {
      // only node certificates of the CA (not client.pem) may connect: NodeCertificates
      GrpcTlsConfig conf = new GrpcTlsConfig(tls.keyManager(),
          new NodeCertificates(tls.trustManager()), true);
      GrpcConfigKeys.TLS.setConf(p, conf);
      GrpcConfigKeys.Server.setTlsConf(p, conf);
      GrpcConfigKeys.Admin.setTlsConf(p, conf);
      GrpcConfigKeys.Client.setTlsConf(p, conf);
    }
    if (services != null) {
      GrpcConfigKeys.Server.setServicesCustomizer(p, services);
    }
    return p;
  }
}
