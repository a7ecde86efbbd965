package io.flotilla.scheduler.membership;

import io.flotilla.model.NodeRole;
import io.flotilla.scheduler.state.CaChanges;
import io.flotilla.security.CertificateRequests;
import io.flotilla.security.ClusterCa;
import io.flotilla.security.KeyPairs;
import io.flotilla.security.NodeTls;
import io.flotilla.security.NodeIdentity;
import io.flotilla.security.Pem;
import io.flotilla.security.SecretBox;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import io.flotilla.bus.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Issues node certificates from the cluster CA, whose key the managers keep sealed in their
 * replicated state and open with the cluster secret. A manager's certificate also serves the
 * API, so it names the loopback addresses too.
 */
public final class CertificateIssuer {
  /** The purpose the CA key is sealed for. */
  public static final String CA_KEY = "ca-key";

  private final ClusterSecret cluster;

  public CertificateIssuer(ClusterSecret cluster) {
    this.cluster = cluster;
  }

  /** Where the first manager keeps the sealed CA key until the Raft group holds it. */
  public static final String PENDING_CA_FILE = "ca-key.sealed";

  /**
   * The first manager of a new cluster makes the CA and its own certificate before any Raft
   * group exists; the CA key waits, sealed, in {@link #PENDING_CA_FILE} until the leader stores it.
   */
  public static NodeTls bootstrap(Path dataDir, ClusterSecret cluster, String nodeId, String address,
      String hostname, Duration certificateLifetime, Instant now) throws IOException {
    ClusterCa ca = ClusterCa.create(cluster.clusterId(), now);
    KeyPair keys = KeyPairs.generate();
    CaChanges.SealedCa sealed = new CaChanges.SealedCa(Pem.encode(ca.certificate()),
        new SecretBox(cluster.secret(), CA_KEY).seal(Pem.encode(ca.key())), certificateLifetime);
    X509Certificate certificate = new CertificateIssuer(cluster).issue(ca, sealed.certificateLifetime(),
        keys.getPublic(), nodeId, NodeRole.MANAGER, address, hostname, now);
    NodeTls tls = NodeTls.save(dataDir, ca.certificate(), certificate, keys.getPrivate());
    NodeTls.writePrivate(tls.directory().resolve(PENDING_CA_FILE), Json.encode(sealed));
    return tls;
  }

  private ClusterCa open(CaChanges.SealedCa sealed) {
    return new ClusterCa(Pem.certificate(sealed.certificate()),
        Pem.privateKey(new SecretBox(cluster.secret(), CA_KEY).open(sealed.sealedKey())));
  }

  /**
   * A certificate from the CA the state holds, for the key of {@code certificateRequest}; the
   * request must be signed by that key.
   */
  public X509Certificate issue(CaChanges.SealedCa sealed, String certificateRequest, String nodeId, NodeRole role,
      String address, String hostname, Instant now) {
    PublicKey key = CertificateRequests.publicKey(certificateRequest);
    return issue(open(sealed), sealed.certificateLifetime(), key, nodeId, role, address, hostname, now);
  }

  private X509Certificate issue(ClusterCa ca, Duration lifetime, PublicKey key, String nodeId, NodeRole role,
      String address, String hostname, Instant now) {
    return ca.issue(key, new NodeIdentity(cluster.clusterId(), nodeId, role.json()),
        subjectNames(address, hostname, role), now, lifetime);
  }

  static List<String> subjectNames(String address, String hostname, NodeRole role) {
    List<String> names = new ArrayList<>();
    if (address != null && !address.isBlank()) {
      names.add(address);
    }
    if (hostname != null && hostname.matches("[A-Za-z0-9.-]{1,253}")) {
      names.add(hostname);
    }
    if (role == NodeRole.MANAGER) {
      names.addAll(List.of("localhost", "127.0.0.1", "::1", NodeTls.CLUSTER_SERVER_NAME));
    }
    return names.stream().distinct().toList();
  }
}
