package io.switchboard.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** PEM material made by the real {@code scripts/make-certs.sh} and openssl, read by PemTls. */
@Timeout(120)
class PemTlsTest {
  @TempDir Path dir;
  private Path ca;
  private Path cert;
  private Path key;

  @BeforeEach
  void makeCerts() throws Exception {
    MakeCerts.run(dir, "n1", "n2");
    ca = dir.resolve("ca.pem");
    cert = dir.resolve("n1.pem");
    key = dir.resolve("n1-key.pem");
  }

  @Test
  void of_madeByTheScript_loadsCertificateAndManagers() {
    PemTls tls = PemTls.of(ca, cert, key);
    assertThat(tls.hasCertificate()).isTrue();
    assertThat(tls.certificate()).get()
        .extracting(c -> c.getSubjectX500Principal().getName()).isEqualTo("CN=n1");
    String alias = tls.keyManager().chooseServerAlias("EC", null, null);
    assertThat(tls.keyManager().getCertificateChain(alias)).hasSize(1);
    assertThat(tls.trustManager().getAcceptedIssuers())
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=switchboard-ca");
    assertThat(tls.sslContext().getProtocol()).isEqualTo("TLS");
    assertThat(tls.channelCredentials()).isNotNull();
    assertThat(tls.serverCredentials(true)).isNotNull();
  }

  @Test
  void trusting_caOnly_noCertificateAndNoServerCredentials() {
    PemTls tls = PemTls.from(ca, null, null);
    assertThat(tls.hasCertificate()).isFalse();
    assertThat(tls.certificate()).isEmpty();
    assertThatThrownBy(() -> tls.serverCredentials(false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("certificate and key");
  }

  @Test
  void of_missingFile_illegalArgumentNamingIt() {
    Path missing = dir.resolve("nosuch.pem");
    assertThatThrownBy(() -> PemTls.of(missing, cert, key))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> PemTls.of(ca, cert, missing))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void of_notPem_illegalArgumentNamingTheFile() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
    assertThatThrownBy(() -> PemTls.of(text, cert, key))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text.toString());
    assertThatThrownBy(() -> PemTls.of(ca, text, key))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text.toString());
    assertThatThrownBy(() -> PemTls.of(ca, cert, text))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text.toString())
        .hasMessageContaining("BEGIN PRIVATE KEY");
  }

  @Test
  void of_pkcs1Key_illegalArgumentNamingTheFileWithTheConversion() throws Exception {
    MakeCerts.openssl(dir, "genrsa", "-traditional", "-out", "rsa-pkcs1.pem", "2048");
    Path pkcs1 = dir.resolve("rsa-pkcs1.pem");
    assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThatThrownBy(() -> PemTls.of(ca, cert, pkcs1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(pkcs1.toString())
        .hasMessageContaining("PKCS#1").hasMessageContaining("openssl pkcs8 -topk8");
  }

  @Test
  void from_certificateWithoutKey_illegalArgumentNamingTheFile() {
    assertThatThrownBy(() -> PemTls.from(ca, cert, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tls-cert " + cert).hasMessageContaining("--tls-key");
    assertThatThrownBy(() -> PemTls.from(ca, null, key))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-key " + key);
  }

  @Test
  void of_keyOfAnotherCertificate_illegalArgumentNamingBoth() {
    Path otherKey = dir.resolve("n2-key.pem");
    assertThatThrownBy(() -> PemTls.of(ca, cert, otherKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(otherKey.toString()).hasMessageContaining(cert.toString())
        .hasMessageContaining("not the private key of");
  }

  @Test
  void of_rsaAndEd25519_matchingKeysLoadOthersAreRefused() throws Exception {
    MakeCerts.openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
        "rsa-key.pem", "-out", "rsa.pem", "-subj", "/CN=rsa", "-days", "1");
    MakeCerts.openssl(dir, "req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout",
        "ed-key.pem", "-out", "ed.pem", "-subj", "/CN=ed", "-days", "1");
    Path rsa = dir.resolve("rsa.pem");
    Path rsaKey = dir.resolve("rsa-key.pem");
    Path ed = dir.resolve("ed.pem");
    Path edKey = dir.resolve("ed-key.pem");
    assertThat(PemTls.of(rsa, rsa, rsaKey).certificate()).isPresent();
    assertThat(PemTls.of(ed, ed, edKey).certificate()).isPresent();
    // a key of another kind than the certificate's
    assertThatThrownBy(() -> PemTls.of(ca, cert, rsaKey))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(rsaKey.toString());
    assertThatThrownBy(() -> PemTls.of(ed, ed, key))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key.toString());
    // another key of the same kind
    MakeCerts.openssl(dir, "genpkey", "-algorithm", "ed25519", "-out", "ed-other-key.pem");
    Path edOther = dir.resolve("ed-other-key.pem");
    assertThatThrownBy(() -> PemTls.of(ed, ed, edOther))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(edOther.toString());
  }

  @Test
  void reloadIfChanged_newCertificateFromTheSameCa_presentedFromThen() throws Exception {
    PemTls tls = PemTls.of(ca, cert, key);
    BigInteger before = serial(tls);
    MakeCerts.run(dir, "n1"); // a new n1 certificate and key, the same CA
    tls.reloadIfChanged();
    assertThat(serial(tls)).isNotEqualTo(before);
    assertThat(tls.trustManager().getAcceptedIssuers()).hasSize(1);
  }

  @Test
  void reloadIfChanged_corruptRewrite_keepsThePreviousCertificate() throws Exception {
    PemTls tls = PemTls.of(ca, cert, key);
    BigInteger before = serial(tls);
    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nhalf writ");
    tls.reloadIfChanged();
    assertThat(serial(tls)).isEqualTo(before);
    String alias = tls.keyManager().chooseServerAlias("EC", null, null);
    assertThat(tls.keyManager().getCertificateChain(alias)[0].getSerialNumber())
        .isEqualTo(before);
  }

  /** A handshake that chose its alias before a reload gets chain and key of the same load. */
  @Test
  void reloadBetweenAliasAndKey_chainAndKeyStillOfOneLoad() throws Exception {
    PemTls tls = PemTls.of(ca, cert, key);
    String chosen = tls.keyManager().chooseServerAlias("EC", null, null);
    BigInteger before = serial(tls);
    MakeCerts.run(dir, "n1");
    tls.reloadIfChanged();
    assertThat(serial(tls)).isNotEqualTo(before);
    java.security.cert.X509Certificate[] chain = tls.keyManager().getCertificateChain(chosen);
    java.security.PrivateKey privateKey = tls.keyManager().getPrivateKey(chosen);
    assertThat(chain[0].getSerialNumber()).isEqualTo(before);
    assertThat(KeyMatch.matches(privateKey, chain[0].getPublicKey())).isTrue();
    String now = tls.keyManager().chooseServerAlias("EC", null, null);
    assertThat(now).isNotEqualTo(chosen);
    assertThat(tls.keyManager().getCertificateChain(now)[0].getSerialNumber())
        .isEqualTo(serial(tls));
  }

  private static BigInteger serial(PemTls tls) {
    return tls.certificate().map(X509Certificate::getSerialNumber).orElseThrow();
  }
}
