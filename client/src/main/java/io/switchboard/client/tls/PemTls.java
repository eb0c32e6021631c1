package io.switchboard.client.tls;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * TLS material from PEM files, re-read when the files change: a CA bundle (whom to trust) and,
 * optionally, a certificate chain with its PKCS#8 private key (who we are). One value serves
 * every TLS user of a node or client: gRPC servers and channels ({@link #serverCredentials},
 * {@link #channelCredentials}), Apache Ratis and JGroups ({@link #keyManager},
 * {@link #trustManager}, {@link #sslContext}).
 *
 * <p><b>Rotation.</b> The managers handed out never change; each TLS handshake asks them, and
 * they look at the files' modification times and sizes at most once per {@link #RECHECK}. When
 * the files changed, they are read again; a set that does not load (a half-written file, a key
 * that does not match) keeps the previous material and is tried again at the next check, so
 * replacing the files (certificate first, key second, or both by rename) rotates without a
 * restart. Connections already open keep the certificate they were made with.
 *
 * <p>Thread-safe.
 */
public final class PemTls {
  /** How often a handshake may look at the files again. */
  public static final Duration RECHECK = Duration.ofSeconds(1);

  private static final System.Logger LOG = System.getLogger(PemTls.class.getName());

  private final Path ca;
  private final @Nullable Path cert;
  private final @Nullable Path key;
  private final ReloadingKeyManager keyManager = new ReloadingKeyManager(this);
  private final ReloadingTrustManager trustManager = new ReloadingTrustManager(this);
  private volatile Material material;
  /**
   * The material before the last reload: a handshake that chose its alias just before the reload
   * still finds that alias's chain and key here (each load names its key entry after its own
   * generation, so a chain of one load is never paired with the key of another).
   */
  private volatile @Nullable Material previous;
  private final java.util.concurrent.atomic.AtomicLong generations =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile long nextCheck;

  private PemTls(Path ca, @Nullable Path cert, @Nullable Path key) {
    this.ca = Objects.requireNonNull(ca, "ca");
    this.cert = cert;
    this.key = key;
    this.material = load();
    this.nextCheck = System.nanoTime() + RECHECK.toNanos();
  }

  /**
   * Trust in {@code ca}, identity from {@code cert} and {@code key}: what a node needs, and a
   * client of a node with {@code --client-tls require}.
   *
   * @throws IllegalArgumentException naming the file when one cannot be read or parsed, or the
   *     key does not belong to the certificate
   */
  public static PemTls of(Path ca, Path cert, Path key) {
    return new PemTls(ca, Objects.requireNonNull(cert, "cert"), Objects.requireNonNull(key, "key"));
  }

  /** Trust in {@code ca} only: a client of a node with {@code --client-tls optional}. */
  public static PemTls trusting(Path ca) {
    return new PemTls(ca, null, null);
  }

  /**
   * {@link #of} when both {@code cert} and {@code key} are given, {@link #trusting} when neither.
   *
   * @throws IllegalArgumentException when only one of them is given
   */
  public static PemTls from(Path ca, @Nullable Path cert, @Nullable Path key) {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("a client certificate needs both --tls-cert and "
          + "--tls-key (got only " + (cert == null ? "--tls-key " + key : "--tls-cert " + cert)
          + ")");
    }
    return cert == null ? trusting(ca) : of(ca, cert, key);
  }

  /** Whether this material carries a certificate of its own. */
  public boolean hasCertificate() {
    return cert != null;
  }

  /** The certificate presented now (the first of the chain); empty without one. */
  public java.util.Optional<X509Certificate> certificate() {
    refresh();
    Material m = material;
    return m.chain.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(m.chain.get(0));
  }

  /** The key manager (reloading); it offers no certificate when {@link #hasCertificate} is false. */
  public X509ExtendedKeyManager keyManager() {
    return keyManager;
  }

  /** The trust manager (reloading): trusts what the CA file signed. */
  public X509ExtendedTrustManager trustManager() {
    return trustManager;
  }

  /** A TLS context over {@link #keyManager} and {@link #trustManager}. */
  public SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new javax.net.ssl.KeyManager[] {keyManager},
          new javax.net.ssl.TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this JVM: " + e, e);
    }
  }

  /** gRPC channel credentials: verify the server by the CA, present our certificate if any. */
  public ChannelCredentials channelCredentials() {
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder().trustManager(trustManager);
    if (hasCertificate()) {
      b.keyManager(keyManager);
    }
    return b.build();
  }

  /**
   * gRPC server credentials with our certificate; clients must present one signed by the CA when
   * {@code requireClientCertificate}, may otherwise (and one that is presented is verified).
   *
   * @throws IllegalStateException without a certificate of our own
   */
  public ServerCredentials serverCredentials(boolean requireClientCertificate) {
    if (!hasCertificate()) {
      throw new IllegalStateException("a TLS server needs a certificate and key");
    }
    return TlsServerCredentials.newBuilder().keyManager(keyManager).trustManager(trustManager)
        .clientAuth(requireClientCertificate ? TlsServerCredentials.ClientAuth.REQUIRE
            : TlsServerCredentials.ClientAuth.OPTIONAL)
        .build();
  }

  /** Reads the files again now if they changed (rotation without waiting for a handshake). */
  public void reloadIfChanged() {
    Stamp now = stamp();
    if (!now.equals(material.stamp)) {
      try {
        Material loaded = load();
        previous = material;
        material = loaded;
        LOG.log(System.Logger.Level.INFO, "event=tls_reloaded ca={0} cert={1}", ca, cert);
      } catch (IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING,
            "event=tls_reload_failed keeping=previous reason=\"{0}\"", e.getMessage());
      }
    }
  }

  Material material() {
    refresh();
    return material;
  }

  /** The material before the last reload, if any (see {@link #previous}). */
  @Nullable Material previousMaterial() {
    return previous;
  }

  private void refresh() {
    long now = System.nanoTime();
    if (now - nextCheck >= 0) {
      nextCheck = now + RECHECK.toNanos();
      reloadIfChanged();
    }
  }

  private Material load() {
    Stamp stamp = stamp();
    List<X509Certificate> cas = Pem.certificates(ca);
    List<X509Certificate> chain = cert == null ? List.of() : Pem.certificates(cert);
    PrivateKey privateKey = key == null ? null : Pem.privateKey(key);
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        trust.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(
          TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      X509ExtendedTrustManager tm = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];

      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = new char[0];
      if (privateKey != null) {
        PublicKey certificateKey = chain.get(0).getPublicKey();
        if (!KeyMatch.matches(privateKey, certificateKey)) {
          throw new IllegalArgumentException(key + " (" + privateKey.getAlgorithm() + ") is not "
              + "the private key of " + cert + " (" + certificateKey.getAlgorithm() + "): a "
              + "signature made with it does not verify with the certificate's public key");
        }
        keys.setKeyEntry("self-" + generations.incrementAndGet(), privateKey, password,
            chain.toArray(new X509Certificate[0]));
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
      kmf.init(keys, password);
      X509ExtendedKeyManager km = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
      return new Material(stamp, chain, km, tm);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot use the TLS files " + files() + ": " + e, e);
    }
  }

  private List<Path> files() {
    List<Path> out = new ArrayList<>();
    out.add(ca);
    if (cert != null) {
      out.add(cert);
      out.add(key);
    }
    return out;
  }

  private Stamp stamp() {
    List<String> parts = new ArrayList<>();
    for (Path p : files()) {
      try {
        parts.add(Files.getLastModifiedTime(p).toMillis() + "/" + Files.size(p));
      } catch (IOException e) {
        parts.add("missing");
      }
    }
    return new Stamp(parts);
  }

  @Override
  public String toString() {
    return "PemTls" + files();
  }

  private record Stamp(List<String> parts) {}

  /** One consistent load of the files. */
  record Material(Stamp stamp, List<X509Certificate> chain, X509ExtendedKeyManager keys,
      X509ExtendedTrustManager trust) {}
}
