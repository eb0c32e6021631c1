package io.switchboard.client.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager that asks {@link PemTls} for the current material on every use; a chain or key
 * asked for by an alias of the material before the last reload comes from that material.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private final PemTls tls;

  ReloadingKeyManager(PemTls tls) {
    this.tls = tls;
  }

  private X509ExtendedKeyManager current() {
    return tls.material().keys();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return current().getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return current().chooseClientAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return current().getServerAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current().chooseServerAlias(keyType, issuers, socket);
  }

  /**
   * The chain of {@code alias}: from the current material, else from the one before the last
   * reload (a handshake that chose its alias just before a reload). Aliases are unique per load,
   * so chain and key always come from the same one.
   */
  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    X509Certificate[] chain = current().getCertificateChain(alias);
    PemTls.Material before = tls.previousMaterial();
    return chain != null || before == null ? chain : before.keys().getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    PrivateKey key = current().getPrivateKey(alias);
    PemTls.Material before = tls.previousMaterial();
    return key != null || before == null ? key : before.keys().getPrivateKey(alias);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return current().chooseEngineClientAlias(keyType, issuers, engine);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current().chooseEngineServerAlias(keyType, issuers, engine);
  }
}
