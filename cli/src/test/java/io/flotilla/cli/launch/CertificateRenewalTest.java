package io.flotilla.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.security.ClusterCa;
import io.flotilla.security.KeyPairs;
import io.flotilla.security.NodeIdentity;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateRenewalTest {
  private static final Instant ISSUED = Instant.parse("2026-12-01T10:00:00Z");

  private static X509Certificate certificate(Duration lifetime) {
    return ClusterCa.create("c1", ISSUED).issue(KeyPairs.generate().getPublic(),
        new NodeIdentity("c1", "n1", "worker"), List.of(), ISSUED, lifetime);
  }

  @Test
  void renewalIsDueOnceTwoThirdsOfTheLifeAreGone() {
    X509Certificate ninetyDays = certificate(Duration.ofDays(90));
    Instant from = ninetyDays.getNotBefore().toInstant();

    assertThat(CertificateRenewal.due(ninetyDays, ISSUED.plus(Duration.ofDays(59)))).isFalse();
    assertThat(CertificateRenewal.due(ninetyDays, from.plus(Duration.ofMinutes(90 * 24 * 60 + 5).multipliedBy(2)
        .dividedBy(3)))).isTrue();
    assertThat(CertificateRenewal.due(ninetyDays, ISSUED.plus(Duration.ofDays(89)))).isTrue();
  }

  @Test
  void aShortLivedCertificateIsBackdatedByATenthOfItsLifeAtMost_soRenewalIsNotDueAtOnce() {
    X509Certificate oneMinute = certificate(Duration.ofMinutes(1));

    assertThat(Duration.between(oneMinute.getNotBefore().toInstant(), ISSUED)).isEqualTo(Duration.ofSeconds(6));
    assertThat(CertificateRenewal.due(oneMinute, ISSUED.plusSeconds(30))).isFalse();
    assertThat(CertificateRenewal.due(oneMinute, ISSUED.plusSeconds(40))).isTrue();
  }

  @Test
  void checksComeOftenEnoughForTheLastThird_butNotMoreThanEvery2sNorLessThanHourly() {
    assertThat(CertificateRenewal.checkEvery(certificate(Duration.ofDays(90)))).isEqualTo(Duration.ofHours(1));
    assertThat(CertificateRenewal.checkEvery(certificate(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(2));
    assertThat(CertificateRenewal.checkEvery(certificate(Duration.ofMinutes(1)))).isEqualTo(Duration.ofMillis(2200));
    assertThat(CertificateRenewal.checkEvery(certificate(Duration.ofHours(3))))
        .isEqualTo(Duration.ofHours(3).plusMinutes(5).dividedBy(30));
  }
}
