package io.flotilla.scheduler.membership;

import io.flotilla.security.SecretBox;

/**
 * Seals the content of users' secrets for the replicated state, under a key derived from the
 * managers' cluster secret (as the CA key is, for another purpose): the Raft log and snapshots
 * hold only ciphertext, and only a manager opens it.
 */
public final class SecretSeal {
  private static final String PURPOSE = "user-secrets";
  private final SecretBox box;

  public SecretSeal(ClusterSecret cluster) {
    this.box = new SecretBox(cluster.secret(), PURPOSE);
  }

  /** {@code data} is the content, base64-encoded, as the API takes it. */
  public String seal(String data) {
    return box.seal(data);
  }

  /** The content, base64-encoded. */
  public String open(String sealed) {
    return box.open(sealed);
  }
}
