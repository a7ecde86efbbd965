package io.flotilla.security;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts certificates the cluster CA issued to nodes of one role, on both ends of a connection:
 * the managers' Raft port admits managers only, though workers hold certificates of the same CA.
 */
public final class RoleTrust implements X509TrustManager {
  private final X509TrustManager ca;
  private final String clusterId;
  private final String role;

  public RoleTrust(X509Certificate ca, String clusterId, String role) {
    this.ca = TrustManagers.trusting(ca);
    this.clusterId = clusterId;
    this.role = role;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    ca.checkClientTrusted(chain, authType);
    checkRole(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    ca.checkServerTrusted(chain, authType);
    checkRole(chain);
  }

  private void checkRole(X509Certificate[] chain) throws CertificateException {
    NodeIdentity identity = NodeIdentity.of(chain[0])
        .orElseThrow(() -> new CertificateException("the certificate names no Flotilla node"));
    if (!identity.clusterId().equals(clusterId) || !identity.role().equals(role)) {
      throw new CertificateException("node " + identity.nodeId() + " is a " + identity.role() + " of cluster "
          + identity.clusterId() + "; only " + role + "s of cluster " + clusterId + " may connect here");
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return ca.getAcceptedIssuers();
  }
}
