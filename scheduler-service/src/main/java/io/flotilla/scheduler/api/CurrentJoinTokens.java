package io.flotilla.scheduler.api;

import io.flotilla.bus.Messages;
import io.flotilla.model.NodeRole;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.scheduler.membership.JoinTokens;
import io.flotilla.scheduler.state.NodeChanges;
import io.flotilla.security.CaDigest;
import io.flotilla.security.NodeTls;
import java.util.Map;
import java.util.Optional;

/** The join tokens as of this manager's state: each role's current generation, under this cluster's CA digest. */
final class CurrentJoinTokens {
  private final Endpoints endpoints;
  private final ClusterSecret cluster;
  private final String caDigest;

  CurrentJoinTokens(Endpoints endpoints, ClusterSecret cluster, NodeTls tls) {
    this.endpoints = endpoints;
    this.cluster = cluster;
    this.caDigest = CaDigest.of(tls.ca());
  }

  String token(NodeRole role) {
    return JoinTokens.token(cluster, caDigest, role, generations().get(role));
  }

  Messages.JoinTokenList list() {
    return new Messages.JoinTokenList(token(NodeRole.WORKER), token(NodeRole.MANAGER));
  }

  /** The role a current token grants, or empty. */
  Optional<NodeRole> roleOf(String token) {
    return JoinTokens.verify(token, cluster, caDigest, generations());
  }

  private Map<NodeRole, Integer> generations() {
    return NodeChanges.tokenGenerations(endpoints.state());
  }
}
