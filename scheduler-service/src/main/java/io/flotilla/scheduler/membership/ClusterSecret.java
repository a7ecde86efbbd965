package io.flotilla.scheduler.membership;

/**
 * The cluster's public id and the managers' secret. The secret keys the join tokens and seals
 * the CA key in the replicated state; it lives in the managers' data directories only, never in
 * that state, and no worker learns it.
 */
public record ClusterSecret(String clusterId, String secret) {
  public ClusterSecret {
    if (clusterId == null || clusterId.isBlank() || secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("a cluster needs an id and a secret of at least 16 characters");
    }
  }

  /**
   * The Hazelcast cluster name. Not a secret: Hazelcast's community edition cannot encrypt or
   * authenticate, so what guards the cluster is the mutual TLS of the event bus it carries.
   */
  public String hazelcastClusterName() {
    return "flotilla-" + clusterId;
  }

  @Override
  public String toString() {
    return "ClusterSecret[" + clusterId + "]";
  }
}
