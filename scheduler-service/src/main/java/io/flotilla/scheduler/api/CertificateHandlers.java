package io.flotilla.scheduler.api;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.model.Node;
import io.flotilla.model.NodeRole;
import io.flotilla.scheduler.membership.CertificateIssuer;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.scheduler.state.CaChanges;
import io.flotilla.scheduler.state.Command;
import io.flotilla.security.NodeTls;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates from the cluster CA: for a node that joins with a current join token (over the
 * API, or over the bus when it is being promoted), and for a member that renews its own. The
 * first leader also stores the CA key that the first manager made before the group existed.
 */
final class CertificateHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateHandlers.class);

  private final Endpoints endpoints;
  private final ClusterSecret cluster;
  private final NodeTls tls;
  private final CurrentJoinTokens joinTokens;
  private final CertificateIssuer issuer;
  private final Duration heartbeatPeriod;
  private final Supplier<List<String>> busMembers;

  CertificateHandlers(Endpoints endpoints, ClusterSecret cluster, NodeTls tls, CurrentJoinTokens joinTokens,
      Duration heartbeatPeriod, Supplier<List<String>> busMembers) {
    this.endpoints = endpoints;
    this.cluster = cluster;
    this.tls = tls;
    this.joinTokens = joinTokens;
    this.issuer = new CertificateIssuer(cluster);
    this.heartbeatPeriod = heartbeatPeriod;
    this.busMembers = busMembers;
  }

  void mount() {
    endpoints.serve(Addresses.CLUSTER_JOIN, this::join);
    endpoints.serveCluster(Addresses.CERTIFICATE_ISSUE, this::join);
    endpoints.serveCluster(Addresses.CERTIFICATE_RENEW, this::renew);
  }

  void lead() {
    storeBootstrapCa();
  }

  /**
   * The first manager made the CA before the Raft group existed and kept its key sealed in
   * {@code tls/ca-key.sealed}; once the key is in the replicated state, the file goes.
   */
  private void storeBootstrapCa() {
    java.nio.file.Path pending = tls.directory().resolve(CertificateIssuer.PENDING_CA_FILE);
    endpoints.vertx().executeBlocking(() -> java.nio.file.Files.exists(pending)
            ? Optional.of(Json.decode(java.nio.file.Files.readString(pending), CaChanges.SealedCa.class))
            : Optional.<CaChanges.SealedCa>empty())
        .onSuccess(found -> found.ifPresent(sealed -> {
          Future<?> stored = CaChanges.of(endpoints.state()).isPresent() ? Future.succeededFuture()
              : endpoints.propose(new Command.SetClusterCa(sealed));
          stored.compose(v -> endpoints.vertx().executeBlocking(() -> java.nio.file.Files.deleteIfExists(pending)))
              .onSuccess(v -> LOG.info("the cluster CA's key is in the managers' replicated state"))
              .onFailure(e -> LOG.warn("could not store the cluster CA's key yet: {}", e.getMessage()));
        }));
  }

  /**
   * A new certificate for a member (only members reach the bus: it is mutual TLS), in the role
   * the managers know it by now; a node that was removed gets none.
   */
  private void renew(io.vertx.core.eventbus.Message<String> message) {
    Messages.CertificateRenewal request = Endpoints.body(message, Messages.CertificateRenewal.class);
    Optional<Node> node = Optional.ofNullable(endpoints.state().nodes().get(request.nodeId()));
    Optional<Messages.ManagerPeer> peer = endpoints.raft().peers().stream()
        .filter(p -> p.id().equals(request.nodeId())).findFirst();
    Optional<CaChanges.SealedCa> sealed = CaChanges.of(endpoints.state());
    if (node.isEmpty() && peer.isEmpty()) {
      message.fail(Failures.FORBIDDEN, "node " + request.nodeId() + " is not a member of this cluster");
      return;
    }
    if (sealed.isEmpty()) {
      message.fail(Failures.UNAVAILABLE, "the cluster CA is not in the managers' state yet");
      return;
    }
    NodeRole role = peer.isPresent() ? NodeRole.MANAGER : NodeRole.WORKER;
    String address = node.map(Node::address)
        .orElseGet(() -> peer.get().address().substring(0, peer.get().address().lastIndexOf(':')));
    try {
      String certificate = io.flotilla.security.Pem.encode(issuer.issue(sealed.get(), request.certificateRequest(),
          request.nodeId(), role, address, node.map(Node::hostname).orElse(null),
          java.time.Instant.now()));
      LOG.info("renewed the certificate of {} {}", role.json(), request.nodeId());
      Bus.reply(message, new Messages.CertificateGrant(certificate));
    } catch (IllegalArgumentException e) {
      message.fail(Failures.BAD_REQUEST, "certificateRequest: " + e.getMessage());
    }
  }

  /**
   * Lets a node in that presents a current join token: it gets a certificate for its key, in
   * the role the token names, and what it needs to reach the others.
   */
  private void join(io.vertx.core.eventbus.Message<String> message) {
    Messages.JoinRequest request = Endpoints.body(message, Messages.JoinRequest.class);
    Optional<NodeRole> role = joinTokens.roleOf(request.token());
    if (role.isEmpty()) {
      LOG.warn("refused a join from {} ({}): invalid or rotated token", request.hostname(), request.address());
      message.fail(Failures.FORBIDDEN, "invalid join token: it is not a current token of this cluster "
          + "(it may have been rotated; ask a manager for 'flotilla join-token worker')");
      return;
    }
    if (request.nodeId() == null || !request.nodeId().matches("[A-Za-z0-9]{1,64}")) {
      message.fail(Failures.BAD_REQUEST, "nodeId: a node id of letters and digits is required");
      return;
    }
    Optional<CaChanges.SealedCa> sealed = CaChanges.of(endpoints.state());
    if (sealed.isEmpty()) {
      message.fail(Failures.UNAVAILABLE, "the cluster CA is not in the managers' state yet; try again in a moment");
      return;
    }
    String certificate;
    try {
      certificate = io.flotilla.security.Pem.encode(issuer.issue(sealed.get(), request.certificateRequest(),
          request.nodeId(), role.get(), request.address(), request.hostname(), java.time.Instant.now()));
    } catch (IllegalArgumentException e) {
      message.fail(Failures.BAD_REQUEST, "certificateRequest: " + e.getMessage());
      return;
    }
    LOG.info("{} ({}, node {}) joins as a {}", request.hostname(), request.address(), request.nodeId(),
        role.get().json());
    List<Messages.ManagerPeer> managers = endpoints.raft().peers();
    Bus.reply(message, new Messages.JoinGrant(role.get(), cluster.clusterId(), cluster.hazelcastClusterName(),
        busMembers.get(), heartbeatPeriod, managers, certificate, sealed.get().certificate(),
        role.get() == NodeRole.MANAGER ? cluster.secret() : null));
  }
}
