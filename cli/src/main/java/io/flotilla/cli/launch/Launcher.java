package io.flotilla.cli.launch;

import io.flotilla.agent.AgentConfig;
import io.flotilla.agent.NodeAgentVerticle;
import io.flotilla.agent.docker.DockerEngine;
import io.flotilla.bus.Messages;
import io.flotilla.gateway.GatewayVerticle;
import io.flotilla.model.NodeRole;
import io.flotilla.monitor.HealthMonitorVerticle;
import io.flotilla.monitor.Observability;
import io.flotilla.overlay.OverlayVerticle;
import io.flotilla.scheduler.SchedulerConfig;
import io.flotilla.scheduler.SchedulerVerticle;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.scheduler.reconcile.Settings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the verticles of each kind of Flotilla process on a clustered Vert.x:
 * a manager (gateway, scheduler, health monitor, and an agent unless told otherwise) or a
 * worker (an agent only, as a Hazelcast lite member).
 */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  static final int MISSED_BEATS = 3;
  private static final String SECRET_PREFIX = "flotilla-";

  private Launcher() {}

  /**
   * The first manager of a new cluster (a Raft group of one), or a manager that restarts with
   * its data directory (its Raft log knows the group).
   */
  public static Future<Vertx> startManager(NodeOptions options) {
    ClusterSecret cluster;
    List<String> members = new ArrayList<>();
    Messages.ManagerPeer self;
    try {
      cluster = new ClusterSecret(Identity.clusterId(options.dataDir()), Identity.clusterSecret(options.dataDir()));
      Identity.read(options.dataDir().resolve("managers"))
          .ifPresent(peers -> members.addAll(List.of(peers.split(","))));
      self = raftPeer(options);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    members.add(options.advertiseAddress());
    return manager(options, cluster, members, self, List.of(self), false);
  }

  /** This manager in the Raft group: its node id, and the Raft address it first started with. */
  private static Messages.ManagerPeer raftPeer(NodeOptions options) throws java.io.IOException {
    java.nio.file.Path file = options.dataDir().resolve("raft-address");
    String address = Identity.read(file).orElse(options.advertiseAddress() + ":" + options.raftPort());
    Identity.write(file, address);
    return new Messages.ManagerPeer(Identity.nodeId(options.dataDir()), address);
  }

  /** Joins the cluster that granted {@code grant}, as the role the token gave. */
  public static Future<Vertx> join(NodeOptions options, Messages.JoinGrant grant) {
    if (grant.role() == NodeRole.WORKER) {
      return worker(options, grant);
    }
    try {
      ClusterSecret cluster = new ClusterSecret(grant.clusterId(), grant.clusterName().substring(SECRET_PREFIX.length()));
      Identity.write(options.dataDir().resolve("cluster-id"), cluster.clusterId());
      Identity.write(options.dataDir().resolve("cluster-secret"), cluster.secret());
      Identity.write(options.dataDir().resolve("managers"), String.join(",", grant.managers()));
      List<String> members = new ArrayList<>(grant.managers());
      members.add(options.advertiseAddress());
      Messages.ManagerPeer self = raftPeer(options);
      List<Messages.ManagerPeer> peers = new ArrayList<>(grant.raftPeers().stream()
          .filter(p -> !p.id().equals(self.id())).toList());
      peers.add(self);
      return manager(options, cluster, members, self, peers, true);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<Vertx> manager(NodeOptions options, ClusterSecret cluster, List<String> members,
      Messages.ManagerPeer self, List<Messages.ManagerPeer> peers, boolean joining) {
    Observability observability = new Observability();
    PrometheusMeterRegistry registry = observability.registry();
    Settings settings = new Settings(options.taskHistoryLimit(), Settings.DEFAULT.stableAfter(),
        Settings.DEFAULT.backoffBase(), Settings.DEFAULT.backoffCap());
    SchedulerConfig defaults = SchedulerConfig.defaults(options.dataDir(), cluster, self);
    SchedulerConfig schedulerConfig = new SchedulerConfig(options.dataDir().resolve("manager"), cluster,
        settings, defaults.tick(), defaults.assignmentRefresh(), options.heartbeatPeriod(), options.networkPool(),
        self, peers);
    // The Raft member recovers its log while Hazelcast and Vert.x start.
    var raft = SchedulerVerticle.startRaft(schedulerConfig);
    return ClusterVertx.start(cluster.hazelcastClusterName(), options.advertiseAddress(), members, false, observability)
        .compose(started -> {
          Vertx vertx = started.vertx();
          SchedulerVerticle scheduler = new SchedulerVerticle(schedulerConfig, registry,
              Optional.of(started.clusterManager().getHazelcastInstance()), raft);
          Future<?> deployed = vertx.deployVerticle(scheduler)
              .compose(id -> joining ? joinRaftGroup(vertx, scheduler, self) : Future.succeededFuture())
              .compose(id -> vertx.deployVerticle(
                  new HealthMonitorVerticle(options.heartbeatPeriod(), MISSED_BEATS, registry)));
          if (options.runAgent()) {
            deployed = deployed.compose(id -> deployAgent(vertx, options, NodeRole.MANAGER, options.heartbeatPeriod(),
                registry));
          }
          return deployed
              .compose(id -> vertx.deployVerticle(new GatewayVerticle(options.apiHost(), options.apiPort(), registry)))
              .onSuccess(id -> LOG.info("manager of cluster {} is up on {}: API on http://{}:{}, data in {}",
                  cluster.clusterId(), options.advertiseAddress(), options.apiHost(), options.apiPort(),
                  options.dataDir()))
              .map(vertx)
              .onFailure(e -> vertx.close());
        });
  }

  /**
   * Asks the group to take this manager in: the leader adds it once it has caught up with the
   * log (Ratis's staging), then it counts for the majority. Already a member: nothing changes.
   */
  private static Future<Void> joinRaftGroup(Vertx vertx, SchedulerVerticle scheduler, Messages.ManagerPeer self) {
    return vertx.executeBlocking(() -> {
      scheduler.raft().addPeer(self);
      LOG.info("joined the managers' Raft group as {} at {}", self.id(), self.address());
      return null;
    });
  }

  private static Future<Vertx> worker(NodeOptions options, Messages.JoinGrant grant) {
    Observability observability = new Observability();
    return ClusterVertx.start(grant.clusterName(), options.advertiseAddress(), grant.managers(), true, observability)
        .compose(started -> deployAgent(started.vertx(), options, NodeRole.WORKER, grant.heartbeatPeriod(),
                observability.registry())
            .onSuccess(id -> LOG.info("worker of cluster {} is up on {}, managers {}", grant.clusterId(),
                options.advertiseAddress(), grant.managers()))
            .map(started.vertx())
            .onFailure(e -> started.vertx().close()));
  }

  /** Where each node answers service names, on each overlay network's gateway address. */
  private static final int DNS_PORT = 53;

  private static Future<String> deployAgent(Vertx vertx, NodeOptions options, NodeRole role,
      java.time.Duration heartbeat, PrometheusMeterRegistry registry) {
    try {
      String nodeId = Identity.nodeId(options.dataDir());
      String hostname = hostname();
      AgentConfig agent = new AgentConfig(nodeId, hostname, options.advertiseAddress(), role, options.labels(),
          heartbeat, null);
      DockerEngine engine = new DockerEngine(options.dockerHost());
      return vertx.deployVerticle(new OverlayVerticle(nodeId, options.advertiseAddress(), engine, DNS_PORT))
          .compose(overlay -> vertx.deployVerticle(new NodeAgentVerticle(agent, engine, registry)));
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * This host's name, as the kernel knows it: a name the resolver does not know (a fresh host,
   * a network namespace) must not stop a node from starting.
   */
  public static String hostname() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (java.io.IOException | RuntimeException notLinux) {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        return System.getenv().getOrDefault("HOSTNAME", "localhost");
      }
    }
  }

  /** The address of this host's interface that reaches {@code peer}: a sensible default to advertise. */
  public static String addressTowards(String peer) {
    try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
      socket.connect(InetAddress.getByName(peer), 9);
      return socket.getLocalAddress().getHostAddress();
    } catch (Exception e) {
      return "127.0.0.1";
    }
  }
}
