package io.flotilla.scheduler.membership;

import io.flotilla.model.NodeRole;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Join tokens, like Swarm's: {@code FLTKN-1-<cluster id>-<role secret>}. The role secret is an
 * HMAC of the role and its generation under the cluster secret, so a token can be checked by
 * recomputing it, and rotating a role (a new generation) stops its old token at once.
 */
public final class JoinTokens {
  private static final String PREFIX = "FLTKN-1-";

  private JoinTokens() {}

  public static String token(ClusterSecret cluster, NodeRole role, int generation) {
    return PREFIX + cluster.clusterId() + "-" + roleSecret(cluster, role, generation);
  }

  /** The role a token grants, or empty when it is not a current token of this cluster. */
  public static Optional<NodeRole> verify(String token, ClusterSecret cluster, Map<NodeRole, Integer> generations) {
    if (token == null) {
      return Optional.empty();
    }
    for (NodeRole role : NodeRole.values()) {
      String expected = token(cluster, role, generations.getOrDefault(role, 0));
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
