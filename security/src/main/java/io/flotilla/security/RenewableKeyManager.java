package io.flotilla.security;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Presents whichever certificate the node holds now: a TLS stack that asks its key manager at
 * every handshake (Netty does, for Raft's gRPC) picks up a renewed certificate without a restart.
 */
public final class RenewableKeyManager extends X509ExtendedKeyManager {
  private final AtomicReference<X509ExtendedKeyManager> current = new AtomicReference<>();

  public RenewableKeyManager(NodeTls tls) {
    use(tls);
  }

  public void use(NodeTls tls) {
    X509KeyManager keys = tls.keyManager();
    if (!(keys instanceof X509ExtendedKeyManager extended)) {
      throw new IllegalStateException("the JDK's key manager is not an X509ExtendedKeyManager");
    }
    current.set(extended);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return current.get().getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return current.get().chooseClientAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return current.get().getServerAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current.get().chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return current.get().chooseEngineClientAlias(keyType, issuers, engine);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current.get().chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return current.get().getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return current.get().getPrivateKey(alias);
  }
}
