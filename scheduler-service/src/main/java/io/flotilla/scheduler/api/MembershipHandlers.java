package io.flotilla.scheduler.api;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
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
import io.flotilla.security.NodeTls;
import io.vertx.core.Future;
import io.flotilla.scheduler.state.Command;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Join tokens, and the managers' Raft group: this manager's standing in it, and promoting,
 * demoting and adding managers. Joining and certificates are {@link CertificateHandlers}'.
 */
public final class MembershipHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipHandlers.class);
  /** A promoted node starts a manager and catches up with the log before it is in the group. */
  private static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(50);
  /** How long a node that is READY may stay unreachable on the bus before its promotion is given up. */
  private static final Duration HANDLER_WAIT = Duration.ofSeconds(15);

  private final Endpoints endpoints;
  private final CurrentJoinTokens joinTokens;
  private final CertificateHandlers certificates;
  private io.vertx.core.eventbus.MessageConsumer<String> adding;

  /** {@code tls} is this manager's: its CA's digest goes into the join tokens. */
  public MembershipHandlers(Endpoints endpoints, ClusterSecret cluster, NodeTls tls, Duration heartbeatPeriod,
      Supplier<List<String>> busMembers) {
    this.endpoints = endpoints;
    this.joinTokens = new CurrentJoinTokens(endpoints, cluster, tls);
    this.certificates = new CertificateHandlers(endpoints, cluster, tls, joinTokens, heartbeatPeriod, busMembers);
  }

  public void mount() {
    certificates.mount();
    endpoints.serve(Addresses.JOIN_TOKENS_GET, message -> Bus.reply(message, joinTokens.list()));
    endpoints.serve(Addresses.JOIN_TOKEN_ROTATE, message -> {
      NodeRole role = Endpoints.body(message, Messages.RotateJoinToken.class).role();
      endpoints.write(message, new Command.RotateJoinToken(role), outcome -> {
        LOG.info("rotated the {} join token", role.json());
        Bus.reply(message, joinTokens.list());
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
    certificates.lead();
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
    String token = joinTokens.token(NodeRole.MANAGER);
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
    if (joinTokens.roleOf(request.token()).filter(r -> r == NodeRole.MANAGER).isEmpty()) {
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


}
