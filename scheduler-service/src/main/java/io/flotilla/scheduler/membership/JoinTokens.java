package io.flotilla.scheduler.membership;

import io.flotilla.model.NodeRole;
import io.flotilla.security.CaDigest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Join tokens, shaped like Swarm's: {@code FLTKN-1-<CA digest>-<role secret>}. The digest names
 * the cluster CA, so a joining node can check a manager's certificate before it sends anything.
 * The role secret is an HMAC of the role and its generation under the managers' cluster secret,
 * so a token can be checked by recomputing it, and rotating a role (a new generation) stops its
 * old token at once.
 */
public final class JoinTokens {
  private static final String PREFIX = "FLTKN-1-";

  private JoinTokens() {}

  public static String token(ClusterSecret cluster, String caDigest, NodeRole role, int generation) {
    return PREFIX + caDigest + "-" + roleSecret(cluster, role, generation);
  }

  /** The CA digest a token names, or empty when it is not shaped like a join token. */
  public static Optional<String> caDigest(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.trim().split("-");
    if (parts.length != 4 || !(parts[0] + "-" + parts[1] + "-").equals(PREFIX)
        || !parts[2].matches("[0-9a-z]{" + CaDigest.LENGTH + "}") || parts[3].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parts[2]);
  }

  /** The role a token grants, or empty when it is not a current token of this cluster. */
  public static Optional<NodeRole> verify(String token, ClusterSecret cluster, String caDigest,
      Map<NodeRole, Integer> generations) {
    if (token == null) {
      return Optional.empty();
    }
    for (NodeRole role : NodeRole.values()) {
      String expected = token(cluster, caDigest, role, generations.getOrDefault(role, 0));
      if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.trim().getBytes(StandardCharsets.UTF_8))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  private static String roleSecret(ClusterSecret cluster, NodeRole role, int generation) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(cluster.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((role.json() + ":" + generation).getBytes(StandardCharsets.UTF_8));
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        text.append(Character.forDigit((digest[i] & 0xff) % 36, 36));
      }
      return text.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
