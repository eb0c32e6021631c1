package io.switchboard.client.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Optional;

/**
 * Whether a private key belongs to a certificate's public key: a few bytes signed with the one
 * must verify with the other. Comparing algorithm names alone lets any other key of the same kind
 * through (another node's key, an older key left next to a new certificate), and then every TLS
 * handshake fails with an error far from the cause. Pure; thread-safe.
 */
final class KeyMatch {
  private static final byte[] PROBE =
      "switchboard key check".getBytes(StandardCharsets.US_ASCII);

  private KeyMatch() {}

  /** True when a signature made with {@code key} verifies with {@code certificateKey}. */
  static boolean matches(PrivateKey key, PublicKey certificateKey) {
    Optional<String> algorithm = signatureAlgorithm(key.getAlgorithm());
    if (algorithm.isEmpty()
        || !algorithm.equals(signatureAlgorithm(certificateKey.getAlgorithm()))) {
      return false;
    }
    try {
      Signature signer = Signature.getInstance(algorithm.get());
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm.get());
      verifier.initVerify(certificateKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a key the other cannot even be used with (e.g. another curve)
    }
  }

  /** The signature to probe a key of {@code keyAlgorithm} with; empty for kinds we do not read. */
  private static Optional<String> signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "EC" -> Optional.of("SHA256withECDSA");
      case "RSA" -> Optional.of("SHA256withRSA");
      case "Ed25519", "EdDSA" -> Optional.of("Ed25519");
      default -> Optional.empty();
    };
  }
}
