package io.flotilla.cli.launch;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.scheduler.SchedulerConfig;
import io.flotilla.scheduler.SchedulerVerticle;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.security.CertificateRequests;
import io.flotilla.security.KeyPairs;
import io.flotilla.security.NodeTls;
import io.flotilla.security.Pem;
import java.security.KeyPair;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running process that a manager can promote or demote: told so on its node's addresses,
 * it starts or stops its manager part, and remembers the role in its data directory.
 */
final class NodeProcess {
  private static final Logger LOG = LoggerFactory.getLogger(NodeProcess.class);

  private final Vertx vertx;
  private final NodeOptions options;
  private final PrometheusMeterRegistry registry;
  private final com.hazelcast.core.HazelcastInstance hazelcast;
  private ManagerRole manager;
  private Optional<io.flotilla.gateway.MetricsVerticle> metrics = Optional.empty();
  private Optional<io.flotilla.agent.logs.LogServer> logs = Optional.empty();
  private boolean changing;

  NodeProcess(Vertx vertx, NodeOptions options, PrometheusMeterRegistry registry,
      com.hazelcast.core.HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.options = options;
    this.registry = registry;
    this.hazelcast = hazelcast;
  }

  void managing(ManagerRole role) {
    this.manager = role;
  }

  /** A worker's own metrics endpoint, which presents the node's renewed certificate too. */
  NodeProcess servingMetrics(Optional<io.flotilla.gateway.MetricsVerticle> endpoint) {
    this.metrics = endpoint;
    return this;
  }

  /** The agent's log endpoint, which presents the node's renewed certificate too. */
  NodeProcess servingLogs(io.flotilla.agent.logs.LogServer endpoint) {
    this.logs = Optional.of(endpoint);
    return this;
  }

  void listen() {
    rememberManagers();
    renewCertificate();
    hazelcast.getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
      @Override
      public void memberAdded(com.hazelcast.cluster.MembershipEvent event) {
        vertx.executeBlocking(() -> {
          rememberManagers();
          return null;
        });
      }

      @Override
      public void memberRemoved(com.hazelcast.cluster.MembershipEvent event) {
        // A manager that is gone may come back: keep knowing where it was.
      }
    });
    String nodeId;
    try {
      nodeId = Identity.nodeId(options.dataDir());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    vertx.eventBus().<String>consumer(Addresses.promote(nodeId), message -> {
      if (manager != null) {
        message.reply("{}");
        return;
      }
      if (changing) {
        message.fail(Failures.CONFLICT, "this node is changing role already");
        return;
      }
      changing = true;
      promote(Bus.body(message, Messages.Promote.class).token())
          .onComplete(done -> changing = false)
          .onSuccess(v -> message.reply("{}"))
          .onFailure(e -> {
            LOG.error("could not become a manager", e);
            message.fail(Failures.UNAVAILABLE, e.getMessage());
          });
    });
    vertx.eventBus().<String>consumer(Addresses.demote(nodeId), message -> {
      if (manager == null || changing) {
        return;
      }
      changing = true;
      demote().onComplete(done -> changing = false);
    });
  }

  private void renewCertificate() {
    try {
      NodeTls tls = NodeTls.load(options.dataDir()).orElseThrow();
      new CertificateRenewal(vertx, options.dataDir(),
          renewed -> {
            logs.ifPresent(endpoint -> endpoint.useCertificate(renewed));
            return Future.all(manager != null ? manager.useCertificate(renewed) : Future.succeededFuture(),
                metrics.<Future<?>>map(m -> m.useCertificate(WorkerMetrics.certificate(renewed)))
                    .orElse(Future.succeededFuture()));
          })
          .start(tls);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("this node's certificate will not be renewed: {}", e.getMessage());
    }
  }

  /**
   * Keeps the managers this node knows up to date in what it joined with ({@code
   * membership.json}), so that after a restart it can rejoin through any of them, those that
   * joined after it included.
   */
  private void rememberManagers() {
    java.nio.file.Path stored = options.dataDir().resolve("membership.json");
    try {
      if (!java.nio.file.Files.exists(stored)) {
        return;
      }
      Messages.JoinGrant grant = io.flotilla.bus.Json.decode(java.nio.file.Files.readString(stored),
          Messages.JoinGrant.class);
      java.util.Set<String> managers = new java.util.TreeSet<>(grant.managers());
      hazelcast.getCluster().getMembers().stream().filter(m -> !m.isLiteMember())
          .forEach(m -> managers.add(m.getAddress().getHost() + ":" + m.getAddress().getPort()));
      if (!managers.equals(new java.util.TreeSet<>(grant.managers()))) {
        Identity.write(stored, io.flotilla.bus.Json.encode(grant.withManagers(List.copyOf(managers))));
        LOG.info("this node knows {} managers now", managers.size());
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("could not remember the cluster's managers in {}: {}", stored, e.getMessage());
    }
  }

  /**
   * Becomes a manager: asks the managers for a manager's certificate (and the cluster secret)
   * with the manager token the leader sent, then starts the manager's part and joins the Raft group.
   */
  private Future<Void> promote(String token) {
    LOG.info("promoted: starting a manager on this node");
    KeyPair keys = KeyPairs.generate();
    return vertx.executeBlocking(() -> new Messages.JoinRequest(token, Launcher.hostname(),
            options.advertiseAddress(), Identity.nodeId(options.dataDir()), CertificateRequests.create(keys)))
        .compose(request -> Bus.request(vertx, Addresses.CERTIFICATE_ISSUE, request, Messages.JoinGrant.class))
        .compose(grant -> vertx.executeBlocking(() -> {
          if (hazelcast.getLocalEndpoint() instanceof com.hazelcast.cluster.Member member && member.isLiteMember()) {
            hazelcast.getCluster().promoteLocalLiteMember();
          }
          NodeTls tls = NodeTls.save(options.dataDir(), Pem.certificate(grant.caCertificate()),
              Pem.certificate(grant.certificate()), keys.getPrivate());
          ClusterSecret cluster = Launcher.clusterOf(options, grant);
          return Launcher.schedulerConfig(options, cluster, Launcher.raftPeer(options), List.of(), tls);
        }))
        .compose(config -> ManagerRole.start(vertx, options, config, SchedulerVerticle.startRaft(config), registry,
            Optional.of(hazelcast), token, false))
        .onSuccess(role -> manager = role)
        .compose(role -> Launcher.writeRole(options, "manager"));
  }

  /** Out of the Raft group already: stop the manager part and forget its log, for a clean start if promoted again. */
  private Future<Void> demote() {
    LOG.info("demoted: this node is a worker now; stopping its manager");
    ManagerRole stopping = manager;
    manager = null;
    return stopping.stop()
        .compose(v -> vertx.executeBlocking(() -> {
          deleteTree(Launcher.raftLog(options));
          return null;
        }))
        .compose(v -> Launcher.writeRole(options, "worker"));
  }

  private static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (java.nio.file.Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(path);
      }
    }
  }
}
