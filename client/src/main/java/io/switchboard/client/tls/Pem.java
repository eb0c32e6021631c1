package io.switchboard.client.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files: X.509 certificates (one or more, {@code BEGIN CERTIFICATE}) and a PKCS#8
 * private key ({@code BEGIN PRIVATE KEY}, RSA or EC; what {@code openssl genpkey} and
 * {@code scripts/make-certs.sh} write). Pure functions of the files' bytes; every failure names
 * the file and what was expected.
 */
final class Pem {
  /** A PEM file larger than this is refused (a chain of a few certificates is a few KiB). */
  static final int MAX_FILE_BYTES = 1 << 20;

  private static final Pattern KEY = Pattern.compile(
      "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private Pem() {}

  static List<X509Certificate> certificates(Path file) {
    byte[] bytes = read(file);
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(file + " holds no certificate (expected PEM "
            + "'-----BEGIN CERTIFICATE-----')");
      }
      return out;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(file + " is not a PEM certificate file: " + e.getMessage(),
          e);
    }
  }

  static PrivateKey privateKey(Path file) {
    String text = new String(read(file), StandardCharsets.US_ASCII);
    Matcher m = KEY.matcher(text);
    if (!m.find()) {
      String hint = text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")
          ? " (this is a PKCS#1/SEC1 key: convert it with 'openssl pkcs8 -topk8 -nocrypt')"
          : text.contains("ENCRYPTED") ? " (encrypted keys are not supported)" : "";
      throw new IllegalArgumentException(file + " holds no unencrypted PKCS#8 private key "
          + "('-----BEGIN PRIVATE KEY-----')" + hint);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": the private key is not valid base64", e);
    }
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(file + ": the private key is neither RSA, EC nor Ed25519");
  }

  private static byte[] read(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(file + " is " + size + " bytes; a PEM file here is at "
            + "most " + MAX_FILE_BYTES);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
    }
  }
}
