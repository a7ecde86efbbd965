package io.flotilla.security;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Who a certificate speaks for, as Swarm names it: the node's id (CN), its role (OU, {@code
 * flotilla-manager} or {@code flotilla-worker}) and the cluster's id (O).
 */
public record NodeIdentity(String clusterId, String nodeId, String role) {
  private static final String ROLE_PREFIX = "flotilla-";

  public NodeIdentity {
    if (clusterId == null || clusterId.isBlank() || nodeId == null || nodeId.isBlank()) {
      throw new IllegalArgumentException("a node identity needs a cluster id and a node id");
    }
    if (!"manager".equals(role) && !"worker".equals(role)) {
      throw new IllegalArgumentException("a node's role is manager or worker, not " + role);
    }
  }

  X500Name name() {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, clusterId)
        .addRDN(BCStyle.OU, ROLE_PREFIX + role)
        .addRDN(BCStyle.CN, nodeId)
        .build();
  }

  /** The identity a node certificate names, or empty for a certificate that names none (a CA, a user's own). */
  public static Optional<NodeIdentity> of(X509Certificate certificate) {
    X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    Optional<String> cluster = first(name, BCStyle.O);
    Optional<String> unit = first(name, BCStyle.OU).filter(u -> u.startsWith(ROLE_PREFIX));
    Optional<String> node = first(name, BCStyle.CN);
    if (cluster.isEmpty() || unit.isEmpty() || node.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new NodeIdentity(cluster.get(), node.get(), unit.get().substring(ROLE_PREFIX.length())));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }

  private static Optional<String> first(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
    RDN[] rdns = name.getRDNs(type);
    return rdns.length == 0 ? Optional.empty()
        : Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
  }
}
