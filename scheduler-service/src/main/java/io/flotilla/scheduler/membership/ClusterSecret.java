package io.flotilla.scheduler.membership;

/**
 * The cluster's public id and its secret. The secret keys the join tokens and names the
 * Hazelcast cluster, so only nodes that presented a valid token learn it. It lives in the
 * managers' data directories, never in the replicated state.
 */
public record ClusterSecret(String clusterId, String secret) {
  public ClusterSecret {
    if (clusterId == null || clusterId.isBlank() || secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("a cluster needs an id and a secret of at least 16 characters");
    }
  }

  /** The Hazelcast cluster name: members that do not know it cannot join. */
  public String hazelcastClusterName() {
    return "flotilla-" + secret;
  }

  @Override
  public String toString() {
    return "ClusterSecret[" + clusterId + "]";
  }
}
