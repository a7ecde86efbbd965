package io.flotilla.security;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;

/**
 * What a joining node trusts before it has a certificate: a server whose chain holds a CA with
 * the digest from the join token, and that this CA signed. Anything else fails the TLS handshake,
 * so the token's secret is never sent to an impostor.
 */
public final class PinnedCa implements X509TrustManager {
  private final String digest;
  private volatile X509Certificate ca;

  public PinnedCa(String digest) {
    this.digest = digest;
  }

  /** The CA the server presented, once a handshake succeeded. */
  public Optional<X509Certificate> ca() {
    return Optional.ofNullable(ca);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    X509Certificate pinned = null;
    for (X509Certificate certificate : chain) {
      if (certificate.getBasicConstraints() >= 0 && CaDigest.matches(certificate, digest)) {
        pinned = certificate;
      }
    }
    if (pinned == null) {
      throw new CertificateException("the manager's certificate is not from the CA named in the join token "
          + "(digest " + digest + "); it is not a manager of that cluster, or the token is wrong");
    }
    TrustManagers.trusting(pinned).checkServerTrusted(chain, authType);
    ca = pinned;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a joining node trusts servers only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
