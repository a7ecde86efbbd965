package io.flotilla.scheduler.api;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.NodeRole;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.scheduler.membership.JoinTokens;
import io.flotilla.scheduler.state.Command;
import io.flotilla.scheduler.state.NodeChanges;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Joining the cluster, join tokens, and this manager's standing in the Raft group. */
public final class MembershipHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipHandlers.class);

  private final Endpoints endpoints;
  private final ClusterSecret cluster;
  private final Duration heartbeatPeriod;
  private final Supplier<List<String>> busMembers;

  public MembershipHandlers(Endpoints endpoints, ClusterSecret cluster, Duration heartbeatPeriod,
      Supplier<List<String>> busMembers) {
    this.endpoints = endpoints;
    this.cluster = cluster;
    this.heartbeatPeriod = heartbeatPeriod;
    this.busMembers = busMembers;
  }

  public void mount() {
    endpoints.serve(Addresses.CLUSTER_JOIN, this::join);
    endpoints.serve(Addresses.JOIN_TOKENS_GET, message -> Bus.reply(message, tokens()));
    endpoints.serve(Addresses.JOIN_TOKEN_ROTATE, message -> {
      NodeRole role = Endpoints.body(message, Messages.RotateJoinToken.class).role();
      endpoints.write(message, new Command.RotateJoinToken(role), outcome -> {
        LOG.info("rotated the {} join token", role.json());
        Bus.reply(message, tokens());
      });
    });
    endpoints.serve(Addresses.MANAGER_STATUS, message -> Bus.reply(message,
        endpoints.raft().status(NodeHandlers.REACHABLE_WITHIN_MS)));
  }

  private Map<NodeRole, Integer> generations() {
    return NodeChanges.tokenGenerations(endpoints.state());
  }

  private Messages.JoinTokenList tokens() {
    Map<NodeRole, Integer> generations = generations();
    return new Messages.JoinTokenList(JoinTokens.token(cluster, NodeRole.WORKER, generations.get(NodeRole.WORKER)),
        JoinTokens.token(cluster, NodeRole.MANAGER, generations.get(NodeRole.MANAGER)));
  }

  private void join(io.vertx.core.eventbus.Message<String> message) {
    Messages.JoinRequest request = Endpoints.body(message, Messages.JoinRequest.class);
    Optional<NodeRole> role = JoinTokens.verify(request.token(), cluster, generations());
    if (role.isEmpty()) {
      LOG.warn("refused a join from {} ({}): invalid or rotated token", request.hostname(), request.address());
      message.fail(Failures.FORBIDDEN, "invalid join token: it is not a current token of this cluster "
          + "(it may have been rotated; ask a manager for 'flotilla join-token worker')");
      return;
    }
    LOG.info("{} ({}) joins as a {}", request.hostname(), request.address(), role.get().json());
    List<Messages.ManagerPeer> managers = endpoints.raft().peers();
    Bus.reply(message, new Messages.JoinGrant(role.get(), cluster.clusterId(), cluster.hazelcastClusterName(),
        busMembers.get(), heartbeatPeriod, managers));
  }
}
