package io.flotilla.cli.launch;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.gateway.GatewayVerticle;
import io.flotilla.monitor.HealthMonitorVerticle;
import io.flotilla.scheduler.SchedulerConfig;
import io.flotilla.scheduler.SchedulerVerticle;
import io.flotilla.scheduler.raft.RaftNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's part of a process: the scheduler with its Raft member, the health monitor and
 * the HTTP API. Started with the process, or later when the node is promoted; stopped when it
 * is demoted, while the process's agent goes on.
 */
final class ManagerRole {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerRole.class);
  /** How long a joining manager may take to be let in: catching up with a long log takes a while. */
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final List<String> deployments;
  private final SchedulerVerticle scheduler;
  private final GatewayVerticle gateway;
  private final NodeOptions options;

  private ManagerRole(Vertx vertx, List<String> deployments, SchedulerVerticle scheduler, GatewayVerticle gateway,
      NodeOptions options) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.scheduler = scheduler;
    this.gateway = gateway;
    this.options = options;
  }

  /**
   * Deploys the manager's verticles; {@code joinToken} (a manager token) asks the group to add
   * this manager when its log does not already count it in. The first manager of a {@code
   * newCluster} makes the first admin API token before its API answers.
   */
  static Future<ManagerRole> start(Vertx vertx, NodeOptions options, SchedulerConfig config,
      CompletableFuture<RaftNode> raft, PrometheusMeterRegistry registry, Optional<com.hazelcast.core.HazelcastInstance>
      hazelcast, String joinToken, boolean newCluster) {
    List<String> deployments = new ArrayList<>();
    SchedulerVerticle scheduler = new SchedulerVerticle(config, registry, hazelcast, raft);
    GatewayVerticle gateway = plainApiForBenchmark()
        ? GatewayVerticle.plainWithoutTokens(options.apiHost(), options.apiPort(), registry)
        : new GatewayVerticle(options.apiHost(), options.apiPort(), registry, apiCertificate(options, config.tls()),
            config.tls()).storingImagesIn(options.dataDir().resolve("images"));
    return vertx.deployVerticle(scheduler)
        .onSuccess(deployments::add)
        .compose(id -> joinToken != null && !scheduler.raft().isMember()
            ? joinRaftGroup(vertx, joinToken, config.self()) : Future.succeededFuture())
        .compose(v -> vertx.deployVerticle(new HealthMonitorVerticle(options.heartbeatPeriod(), Launcher.MISSED_BEATS,
            registry)))
        .onSuccess(deployments::add)
        .compose(id -> newCluster ? FirstAdminToken.create(vertx, options.dataDir()) : Future.succeededFuture())
        .compose(v -> vertx.deployVerticle(gateway))
        .onSuccess(deployments::add)
        .map(id -> new ManagerRole(vertx, deployments, scheduler, gateway, options))
        .onFailure(e -> undeploy(vertx, deployments));
  }

  /**
   * Asks the managers to take this one into the Raft group, now that its Raft server runs: the
   * leader adds it once it has caught up with the log (or a snapshot), and from then on it counts
   * for the majority.
   */
  private static Future<Void> joinRaftGroup(Vertx vertx, String token, Messages.ManagerPeer self) {
    return joinRaftGroup(vertx, token, self, System.nanoTime() + JOIN_TIMEOUT.toNanos());
  }

  /** Asks again while no leader answers (an election, a leader that just died), until the deadline. */
  private static Future<Void> joinRaftGroup(Vertx vertx, String token, Messages.ManagerPeer self, long deadline) {
    return Bus.request(vertx, Addresses.MANAGER_ADD, new Messages.AddManager(token, self),
            Messages.ManagerPeer[].class, JOIN_TIMEOUT)
        .onSuccess(peers -> LOG.info("in the managers' Raft group as {} at {}: {} managers", self.id(),
            self.address(), peers.length))
        .<Void>mapEmpty()
        .recover(e -> {
          boolean refused = e instanceof io.vertx.core.eventbus.ReplyException reply
              && reply.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE
              && reply.failureCode() == io.flotilla.bus.Failures.FORBIDDEN;
          if (refused || System.nanoTime() > deadline) {
            return Future.failedFuture(e);
          }
          LOG.info("no leader took this manager in yet ({}); asking again", e.getMessage());
          io.vertx.core.Promise<Void> again = io.vertx.core.Promise.promise();
          vertx.setTimer(500, id -> joinRaftGroup(vertx, token, self, deadline).onComplete(again));
          return again.future();
        });
  }

  /** Only bench/api.sh sets it, for its plain-HTTP baseline: {@code -Dflotilla.benchmark.plainApi=true}. */
  private static boolean plainApiForBenchmark() {
    boolean plain = Boolean.getBoolean("flotilla.benchmark.plainApi");
    if (plain) {
      LOG.warn("benchmark mode: the API speaks plain HTTP and checks no token (loopback only)");
    }
    return plain;
  }

  /**
   * This manager's certificate from the cluster CA; with the user's own, that one first (what
   * clients get), and this manager's for a joining node, which asks for it by name (SNI).
   */
  private static PemKeyCertOptions apiCertificate(NodeOptions options, io.flotilla.security.NodeTls tls) {
    PemKeyCertOptions certificates = new PemKeyCertOptions();
    if (options.apiCert() != null) {
      certificates.addCertPath(options.apiCert().toString()).addKeyPath(options.apiKey().toString());
    }
    return certificates.addCertPath(tls.certFile().toString()).addKeyPath(tls.keyFile().toString());
  }

  /** Raft and the API (unless it has the user's own certificate) present the renewed certificate from now on. */
  Future<?> useCertificate(io.flotilla.security.NodeTls renewed) {
    scheduler.raft().useCertificate(renewed);
    return plainApiForBenchmark() ? Future.succeededFuture() : gateway.useCertificate(apiCertificate(options, renewed));
  }

  /** Undeploys the API, the health monitor and the scheduler (which closes its Raft member). */
  Future<Void> stop() {
    return undeploy(vertx, deployments);
  }

  private static Future<Void> undeploy(Vertx vertx, List<String> deployments) {
    Future<Void> done = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      done = done.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    deployments.clear();
    return done;
  }
}
