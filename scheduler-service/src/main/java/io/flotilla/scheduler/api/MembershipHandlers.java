package io.flotilla.scheduler.api;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.model.Node;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.scheduler.membership.Quorum;
import io.flotilla.scheduler.raft.RaftStatus;
import io.flotilla.scheduler.state.Lookup;
import io.flotilla.scheduler.state.Outcome;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.scheduler.membership.CertificateIssuer;
import io.flotilla.scheduler.membership.JoinTokens;
import io.flotilla.scheduler.state.CaChanges;
import io.flotilla.security.CaDigest;
import io.flotilla.security.NodeTls;
import io.vertx.core.Future;
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
  /** A promoted node starts a manager and catches up with the log before it is in the group. */
  private static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(50);
  /** How long a node that is READY may stay unreachable on the bus before its promotion is given up. */
  private static final Duration HANDLER_WAIT = Duration.ofSeconds(15);

  private final Endpoints endpoints;
  private final ClusterSecret cluster;
  private final NodeTls tls;
  private final CertificateIssuer issuer;
  private final Duration heartbeatPeriod;
  private final Supplier<List<String>> busMembers;
  private io.vertx.core.eventbus.MessageConsumer<String> adding;

  /** {@code tls} is this manager's: its CA's digest goes into the join tokens. */
  public MembershipHandlers(Endpoints endpoints, ClusterSecret cluster, NodeTls tls, Duration heartbeatPeriod,
      Supplier<List<String>> busMembers) {
    this.endpoints = endpoints;
    this.cluster = cluster;
    this.tls = tls;
    this.issuer = new CertificateIssuer(cluster);
    this.heartbeatPeriod = heartbeatPeriod;
    this.busMembers = busMembers;
  }

  public void mount() {
    endpoints.serve(Addresses.CLUSTER_JOIN, this::join);
    endpoints.serveCluster(Addresses.CERTIFICATE_ISSUE, this::join);
    endpoints.serveCluster(Addresses.CERTIFICATE_RENEW, this::renew);
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
    endpoints.serve(Addresses.NODE_PROMOTE, this::promote);
    endpoints.serve(Addresses.NODE_DEMOTE, this::demote);
  }

  /** The leader alone takes joining managers in: a joining manager must never be asked to add itself. */
  public void lead() {
    if (adding == null) {
      adding = endpoints.serveCluster(Addresses.MANAGER_ADD, this::addManager);
    }
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

  public void stopLeading() {
    if (adding != null) {
      adding.unregister();
      adding = null;
    }
  }

  private boolean isManager(String nodeId) {
    return endpoints.raft().peers().stream().anyMatch(p -> p.id().equals(nodeId));
  }

  private Node view(Node node) {
    return NodeHandlers.managerStatus(endpoints.raft().status(NodeHandlers.REACHABLE_WITHIN_MS)).apply(node);
  }

  /**
   * Makes a worker a manager: its role becomes manager in the log, then its process starts a
   * manager, which joins the Raft group; answered once it is in. If it cannot, it stays a worker.
   */
  private void promote(Message<String> message) {
    String ref = Endpoints.body(message, Messages.NodeRef.class).node();
    Optional<Node> found = Lookup.node(endpoints.state(), ref);
    if (found.isEmpty()) {
      message.fail(Failures.NOT_FOUND, "no such node: " + ref);
      return;
    }
    Node node = found.get();
    if (isManager(node.id())) {
      Bus.reply(message, view(node));
      return;
    }
    if (node.state() != NodeState.READY) {
      message.fail(Failures.CONFLICT, "node " + node.hostname() + " is " + node.state()
          + ": only a node that is up can become a manager");
      return;
    }
    String token = JoinTokens.token(cluster, caDigest(), NodeRole.MANAGER, generations().get(NodeRole.MANAGER));
    LOG.info("promoting node {} ({}) to manager", node.hostname(), node.id());
    endpoints.write(message, new Command.SetRole(node.id(), NodeRole.MANAGER), outcome ->
        askToPromote(node.id(), token, System.nanoTime() + HANDLER_WAIT.toNanos())
            .onSuccess(joined -> Bus.reply(message, view(Lookup.node(endpoints.state(), node.id()).orElse(node))))
            .onFailure(e -> endpoints.propose(new Command.SetRole(node.id(), NodeRole.WORKER)).onComplete(reverted ->
                message.fail(Failures.UNAVAILABLE, "node " + node.hostname() + " did not become a manager ("
                    + e.getMessage() + "); it stays a worker"))));
  }

  /**
   * Tells the node's process to start its manager. Its handler may not be known here for a few
   * seconds after a partition healed (Hazelcast merges the members back first): ask again until then.
   */
  private Future<Object> askToPromote(String nodeId, String token, long deadline) {
    return Bus.request(endpoints.vertx(), Addresses.promote(nodeId), new Messages.Promote(token), Object.class,
            PROMOTION_TIMEOUT)
        .recover(e -> {
          boolean unknownYet = e instanceof io.vertx.core.eventbus.ReplyException reply
              && reply.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS;
          if (!unknownYet || System.nanoTime() > deadline) {
            return Future.failedFuture(e);
          }
          io.vertx.core.Promise<Object> again = io.vertx.core.Promise.promise();
          endpoints.vertx().setTimer(500, id -> askToPromote(nodeId, token, deadline).onComplete(again));
          return again.future();
        });
  }

  /**
   * Makes a manager a worker: it leaves the Raft group (refused when that would leave the rest
   * without a majority, or the cluster without a manager), its role becomes worker in the log,
   * and its process stops its manager parts; its agent goes on.
   */
  private void demote(Message<String> message) {
    String ref = Endpoints.body(message, Messages.NodeRef.class).node();
    Optional<Node> found = Lookup.node(endpoints.state(), ref);
    String id = found.map(Node::id).orElse(ref);
    String name = found.map(Node::hostname).orElse(ref);
    if (found.isEmpty() && !isManager(id)) {
      message.fail(Failures.NOT_FOUND, "no such node: " + ref);
      return;
    }
    RaftStatus status = endpoints.raft().status(NodeHandlers.REACHABLE_WITHIN_MS);
    Optional<String> refused = Quorum.whyNotRemove(status.memberIds(), status.reachableIds(), id, "node " + name);
    if (refused.isPresent()) {
      message.fail(Failures.CONFLICT, "cannot demote: " + refused.get());
      return;
    }
    LOG.info("demoting node {} ({}) to worker", name, id);
    endpoints.vertx().executeBlocking(() -> {
      endpoints.raft().removePeer(id);
      return null;
    }).onFailure(e -> message.fail(Failures.UNAVAILABLE, "could not take node " + name
        + " out of the managers' Raft group: " + e.getMessage()))
        .onSuccess(removed -> {
          Command setRole = new Command.SetRole(id, NodeRole.WORKER);
          Handler<Outcome> done = outcome -> {
            Bus.reply(message, found.map(this::view).orElse(outcome.value(Node.class)));
            // After the answer: the demoted manager may be this one, whose API then stops.
            endpoints.vertx().setTimer(300, t -> Bus.send(endpoints.vertx(), Addresses.demote(id),
                new Messages.NodeRef(id)));
          };
          if (found.isPresent()) {
            endpoints.write(message, setRole, done);
          } else {
            done.handle(Outcome.ok(null));
          }
        });
  }

  /** Adds a manager that joined with a current manager token to the Raft group, once it has caught up. */
  private void addManager(io.vertx.core.eventbus.Message<String> message) {
    Messages.AddManager request = Endpoints.body(message, Messages.AddManager.class);
    if (JoinTokens.verify(request.token(), cluster, caDigest(), generations()).filter(r -> r == NodeRole.MANAGER)
        .isEmpty()) {
      message.fail(Failures.FORBIDDEN, "invalid manager token: only a current manager token adds a manager");
      return;
    }
    if (endpoints.raft().peers().stream().anyMatch(p -> p.id().equals(request.peer().id()))) {
      Bus.reply(message, endpoints.raft().peers());
      return;
    }
    LOG.info("adding manager {} at {} to the Raft group", request.peer().id(), request.peer().address());
    endpoints.vertx().executeBlocking(() -> {
      endpoints.raft().addPeer(request.peer());
      return endpoints.raft().peers();
    }).onSuccess(peers -> Bus.reply(message, peers))
        .onFailure(e -> message.fail(Failures.UNAVAILABLE, "could not add the manager to the Raft group: "
            + e.getMessage()));
  }

  private Map<NodeRole, Integer> generations() {
    return NodeChanges.tokenGenerations(endpoints.state());
  }

  private Messages.JoinTokenList tokens() {
    Map<NodeRole, Integer> generations = generations();
    return new Messages.JoinTokenList(
        JoinTokens.token(cluster, caDigest(), NodeRole.WORKER, generations.get(NodeRole.WORKER)),
        JoinTokens.token(cluster, caDigest(), NodeRole.MANAGER, generations.get(NodeRole.MANAGER)));
  }

  private String caDigest() {
    return CaDigest.of(tls.ca());
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
    Optional<NodeRole> role = JoinTokens.verify(request.token(), cluster, caDigest(), generations());
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
