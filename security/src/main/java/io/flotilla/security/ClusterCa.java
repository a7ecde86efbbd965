package io.flotilla.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * The cluster's certificate authority: a self-signed P-256 certificate and its key, made by
 * {@code init} and held by the managers only. It issues node certificates that name a node's id
 * and role, good both to serve and to connect (mutual TLS).
 */
public record ClusterCa(X509Certificate certificate, PrivateKey key) {
  /** Swarm's CA lives 20 years; its node certificates 90 days. */
  public static final Duration CA_LIFETIME = Duration.ofDays(20 * 365);
  public static final Duration NODE_CERTIFICATE_LIFETIME = Duration.ofDays(90);
  /** Clocks differ: a certificate is valid from a little before it was made (a tenth of a short life at most). */
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  public static ClusterCa create(String clusterId, Instant now) {
    KeyPair keys = KeyPairs.generate();
    X500Name name = new X500Name("CN=flotilla-ca-" + clusterId);
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_LIFETIME)), name, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
      return new ClusterCa(sign(builder, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot make the cluster CA", e);
    }
  }

  public String digest() {
    return CaDigest.of(certificate);
  }

  /**
   * A certificate for {@code key} naming {@code identity}; {@code subjectNames} are the
   * addresses and host names it may be reached at (IP literals become IP names).
   */
  public X509Certificate issue(PublicKey key, NodeIdentity identity, List<String> subjectNames, Instant now,
      Duration lifetime) {
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      Duration backdate = lifetime.dividedBy(10).compareTo(BACKDATE) < 0 ? lifetime.dividedBy(10) : BACKDATE;
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
          Date.from(now.minus(backdate)), Date.from(now.plus(lifetime)), identity.name(), key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(certificate));
      if (!subjectNames.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(subjectNames));
      }
      return sign(builder, this.key);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot issue a certificate for node " + identity.nodeId(), e);
    }
  }

  private static GeneralNames alternativeNames(List<String> names) {
    List<GeneralName> general = new ArrayList<>();
    for (String name : names.stream().distinct().toList()) {
      boolean ip = IPAddress.isValid(name);
      general.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
    }
    return new GeneralNames(general.toArray(GeneralName[]::new));
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM);
  }
}
