package io.flotilla.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.X509EncodedKeySpec;
import java.security.PublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Certificate requests: a node makes its key pair and asks for a certificate with a request
 * signed by that key, so its private key never leaves it.
 */
public final class CertificateRequests {
  private CertificateRequests() {}

  /** A request, as PEM text, for the public key of {@code keys}. The CA decides what the certificate names. */
  public static String create(KeyPair keys) {
    try {
      PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
          new X500Name("CN=flotilla-node"), keys.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      return Pem.encode(request);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate request", e);
    }
  }

  /** The public key a request is for, once its signature shows the requester holds the private key. */
  public static PublicKey publicKey(String pem) {
    PKCS10CertificationRequest request = Pem.request(pem);
    try {
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(
          new X509EncodedKeySpec(request.getSubjectPublicKeyInfo().getEncoded()));
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new IllegalArgumentException("the certificate request's signature does not match its key");
      }
      return key;
    } catch (OperatorCreationException | PKCSException | java.io.IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("unreadable certificate request: " + e.getMessage(), e);
    }
  }
}
