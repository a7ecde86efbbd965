package io.flotilla.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;

/** PEM text of certificates, private keys and certificate requests, in and out. */
public final class Pem {
  private Pem() {}

  public static String encode(Object... objects) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        // Keys as PKCS#8 ("PRIVATE KEY"), which every TLS stack reads, rather than OpenSSL's EC form.
        if (object instanceof PrivateKey key) {
          writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        } else {
          writer.writeObject(object);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** Every certificate in {@code pem}, in order: a chain reads leaf first. */
  public static List<X509Certificate> certificates(String pem) {
    return PemCertificates.read(pem);
  }

  public static X509Certificate certificate(String pem) {
    return certificates(pem).get(0);
  }

  public static PrivateKey privateKey(String pem) {
    for (Object object : objects(pem)) {
      PrivateKeyInfo info = object instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
          : object instanceof PrivateKeyInfo plain ? plain : null;
      if (info != null) {
        try {
          return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
          throw new IllegalArgumentException("not a valid P-256 private key: " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException("no private key in the PEM text");
  }

  public static PKCS10CertificationRequest request(String pem) {
    for (Object object : objects(pem)) {
      if (object instanceof PKCS10CertificationRequest request) {
        return request;
      }
    }
    throw new IllegalArgumentException("no certificate request in the PEM text");
  }

  private static List<Object> objects(String pem) {
    if (pem == null) {
      throw new IllegalArgumentException("no PEM text");
    }
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable PEM text: " + e.getMessage(), e);
    }
    return objects;
  }
}
