package io.switchboard.node.core;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.switchboard.client.tls.PemTls;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a node protects its two planes ({@code --tls-cert}, {@code --tls-key}, {@code --tls-ca},
 * {@code --client-tls}).
 *
 * <ul>
 *   <li><b>Peer plane</b> ({@code --peer-port}: {@code Peer} and Raft; {@code --cluster-port}:
 *       JGroups): with {@code tls}, mutual TLS on every link; only certificates signed by the CA
 *       join or call. Without, plaintext (only {@code ./switchboard demo} should run so).
 *   <li><b>Client port</b> ({@code --grpc-port}): {@link ClientTls#OFF} plaintext; {@link
 *       ClientTls#OPTIONAL} TLS with the node's certificate, a client certificate verified when
 *       presented; {@link ClientTls#REQUIRE} TLS and a client certificate signed by the CA.
 * </ul>
 *
 * @param tls the node's certificate, key and CA (re-read when the files change), or {@code null}
 * @param clientTls the client port's mode; anything but {@code OFF} needs {@code tls}
 */
public record Security(@Nullable PemTls tls, ClientTls clientTls) {
  /** Plaintext everywhere. */
  public static final Security OFF = new Security(null, ClientTls.OFF);

  /** {@code --client-tls}. */
  public enum ClientTls {
    OFF, OPTIONAL, REQUIRE;

    /**
     * Parses {@code off}, {@code optional} or {@code require} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ClientTls parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--client-tls must be off, optional or require, got '"
            + text + "'");
      }
    }
  }

  /** Validates: a client mode other than {@code off} needs the node's certificate. */
  public Security {
    Objects.requireNonNull(clientTls, "--client-tls");
    if (tls != null && !tls.hasCertificate()) {
      throw new IllegalArgumentException("--tls-ca needs --tls-cert and --tls-key");
    }
    if (clientTls != ClientTls.OFF && tls == null) {
      throw new IllegalArgumentException("--client-tls " + clientTls.name().toLowerCase(Locale.ROOT)
          + " needs --tls-cert, --tls-key and --tls-ca");
    }
  }

  /** The peer plane's TLS material, empty in plaintext. */
  public Optional<PemTls> peerTls() {
    return Optional.ofNullable(tls);
  }

  /** The client port's credentials. */
  public ServerCredentials clientCredentials() {
    return switch (clientTls) {
      case OFF -> InsecureServerCredentials.create();
      case OPTIONAL -> tls.serverCredentials(false);
      case REQUIRE -> tls.serverCredentials(true);
    };
  }
}
