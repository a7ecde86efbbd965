package io.flotilla.security;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates read from PEM text by the JDK alone (no BouncyCastle), so that the slim client
 * jar can trust a cluster CA quickly.
 */
public final class PemCertificates {
  private PemCertificates() {}

  /** Every certificate in {@code pem}, in order: a chain reads leaf first. */
  public static List<X509Certificate> read(String pem) {
    if (pem == null) {
      throw new IllegalArgumentException("no PEM text");
    }
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      for (var certificate : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        certificates.add((X509Certificate) certificate);
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a valid certificate: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no certificate in the PEM text");
    }
    return certificates;
  }
}
