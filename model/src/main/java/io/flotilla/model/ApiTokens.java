package io.flotilla.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * API token secrets: {@code FLTAPI-1-} and 256 random bits. Such a secret cannot be guessed, so
 * its SHA-256 is enough to keep in the managers' state (no salt, no slow hash), and a bearer is
 * checked by hashing what it presents.
 */
public final class ApiTokens {
  private static final String PREFIX = "FLTAPI-1-";
  private static final int SECRET_BYTES = 32;

  private ApiTokens() {}

  /** A new secret, from {@code random} (a {@link java.security.SecureRandom} outside tests). */
  public static String newSecret(RandomGenerator random) {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.trim().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** Whether {@code hash} is {@code token}'s, compared in constant time. */
  public static boolean matches(ApiToken token, String hash) {
    return MessageDigest.isEqual(token.hash().getBytes(StandardCharsets.US_ASCII),
        hash.getBytes(StandardCharsets.US_ASCII));
  }
}
