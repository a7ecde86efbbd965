package io.flotilla.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;

/**
 * What a join token says about the cluster's CA, as Swarm's does: the SHA-256 of the CA
 * certificate, in base 36 padded to 50 characters. A joining node trusts a manager only if the
 * CA that signed the manager's certificate has this digest.
 */
public final class CaDigest {
  public static final int LENGTH = 50;

  private CaDigest() {}

  public static String of(X509Certificate ca) {
    try {
      byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(ca.getEncoded());
      String base36 = new BigInteger(1, sha256).toString(36);
      return "0".repeat(LENGTH - base36.length()) + base36;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot digest the CA certificate", e);
    }
  }

  public static boolean matches(X509Certificate ca, String digest) {
    return MessageDigest.isEqual(of(ca).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        digest.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
