package io.flotilla.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCaTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private final ClusterCa ca = ClusterCa.create("c1", NOW);

  private X509Certificate issue(ClusterCa by, String role) {
    KeyPair keys = KeyPairs.generate();
    return by.issue(CertificateRequests.publicKey(CertificateRequests.create(keys)),
        new NodeIdentity("c1", "node-7", role), List.of("10.0.0.5", "host-a", "localhost"), NOW,
        ClusterCa.NODE_CERTIFICATE_LIFETIME);
  }

  @Test
  void issuesACertificateThatNamesTheNodeItsRoleAndItsAddresses() throws Exception {
    X509Certificate node = issue(ca, "manager");

    node.verify(ca.certificate().getPublicKey());
    assertThat(NodeIdentity.of(node)).contains(new NodeIdentity("c1", "node-7", "manager"));
    assertThat(node.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    assertThat(node.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
        .containsExactly((Object) "10.0.0.5", "host-a", "localhost");
    assertThat(node.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(node.getBasicConstraints()).isEqualTo(-1);
    assertThat(ca.certificate().getBasicConstraints()).isZero();
    assertThat(NodeIdentity.of(ca.certificate())).isEmpty();
  }

  @Test
  void theDigestIsFiftyBase36CharactersAndDiffersBetweenClusters() {
    assertThat(ca.digest()).hasSize(CaDigest.LENGTH).matches("[0-9a-z]+").isEqualTo(CaDigest.of(ca.certificate()));
    assertThat(ClusterCa.create("c1", NOW).digest()).isNotEqualTo(ca.digest());
  }

  @Test
  void aCertificateRequestSignedByAnotherKeyIsRefused() {
    String request = CertificateRequests.create(KeyPairs.generate());
    String tampered = request.replace(request.substring(100, 104), "AAAA");

    assertThatThrownBy(() -> CertificateRequests.publicKey(tampered)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateRequests.publicKey("not a request"))
        .hasMessageContaining("no certificate request");
  }

  @Test
  void thePinnedTrustAcceptsOnlyAChainFromTheCaWithTheDigest() throws Exception {
    X509Certificate node = issue(ca, "manager");
    PinnedCa pinned = new PinnedCa(ca.digest());

    pinned.checkServerTrusted(new X509Certificate[] {node, ca.certificate()}, "ECDHE_ECDSA");
    assertThat(pinned.ca()).contains(ca.certificate());

    ClusterCa other = ClusterCa.create("c1", NOW);
    X509Certificate impostor = issue(other, "manager");
    assertThatThrownBy(() -> new PinnedCa(ca.digest())
        .checkServerTrusted(new X509Certificate[] {impostor, other.certificate()}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class).hasMessageContaining("not from the CA named in the join token");
    // The right CA certificate sent along with a leaf another CA signed proves nothing.
    assertThatThrownBy(() -> new PinnedCa(ca.digest())
        .checkServerTrusted(new X509Certificate[] {impostor, ca.certificate()}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void theSealedCaKeyOpensOnlyWithTheSameClusterSecret() {
    SecretBox box = new SecretBox("a-cluster-secret-of-enough-length", "ca-key");
    String sealed = box.seal(Pem.encode(ca.key()));

    assertThat(sealed).doesNotContain("PRIVATE KEY");
    assertThat(Pem.privateKey(box.open(sealed))).isEqualTo(ca.key());
    assertThatThrownBy(() -> new SecretBox("another-cluster-secret-entirely", "ca-key").open(sealed))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecretBox("a-cluster-secret-of-enough-length", "other").open(sealed))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nodeMaterialRoundTripsThroughFilesOnlyTheOwnerCanRead(@TempDir Path data) throws Exception {
    KeyPair keys = KeyPairs.generate();
    X509Certificate node = ca.issue(keys.getPublic(), new NodeIdentity("c1", "n2", "worker"), List.of(), NOW,
        Duration.ofDays(1));

    NodeTls.save(data, ca.certificate(), node, keys.getPrivate());
    NodeTls loaded = NodeTls.load(data).orElseThrow();

    assertThat(loaded.certificate()).isEqualTo(node);
    assertThat(loaded.chain()).containsExactly(node, ca.certificate());
    assertThat(loaded.key()).isEqualTo(keys.getPrivate());
    assertThat(loaded.identity()).contains(new NodeIdentity("c1", "n2", "worker"));
    for (Path file : List.of(loaded.keyFile(), loaded.certFile(), loaded.caFile())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
    assertThat(NodeTls.load(data.resolve("elsewhere"))).isEmpty();
  }
}
