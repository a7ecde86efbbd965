package io.flotilla.cli.launch;

import io.flotilla.agent.AgentConfig;
import io.flotilla.agent.NodeAgentVerticle;
import io.flotilla.agent.docker.DockerEngine;
import io.flotilla.bus.Messages;
import io.flotilla.model.NodeRole;
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
 * Starts the verticles of each kind of Flotilla process on a clustered Vert.x: a manager
 * (gateway, scheduler with its Raft member, health monitor, and an agent unless told otherwise)
 * or a worker (an agent only, as a Hazelcast lite member). Either can change role while it runs:
 * a promoted worker starts a manager, a demoted manager stops its own. The role a node last had
 * is kept in its data directory ({@code role}), so a restart comes back as it was.
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
      if (Identity.read(roleFile(options)).filter("worker"::equals).isPresent()) {
        return Future.failedFuture(new IllegalStateException("this node was demoted to a worker; start it with "
            + "'flotilla join --token <worker token> MANAGER' (data directory " + options.dataDir() + ")"));
      }
      cluster = new ClusterSecret(Identity.clusterId(options.dataDir()), Identity.clusterSecret(options.dataDir()));
      Identity.read(options.dataDir().resolve("managers"))
          .ifPresent(peers -> members.addAll(List.of(peers.split(","))));
      self = raftPeer(options);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    members.add(options.advertiseAddress());
    boolean newCluster = !java.nio.file.Files.exists(raftLog(options));
    return manager(options, cluster, members, self, List.of(self), null, null, newCluster);
  }

  /**
   * Joins the cluster that granted {@code grant} to {@code token}, as the role the token gave,
   * or, for a node that was promoted or demoted since, as the role it last had.
   */
  public static Future<Vertx> join(NodeOptions options, Messages.JoinGrant grant, String token) {
    try {
      NodeRole role = Identity.read(roleFile(options)).map(NodeRole::parse).orElse(grant.role());
      if (role == NodeRole.WORKER) {
        return worker(options, grant);
      }
      ClusterSecret cluster = clusterOf(options, grant);
      Identity.write(options.dataDir().resolve("managers"), String.join(",", grant.managers()));
      List<String> members = new ArrayList<>(grant.managers());
      members.add(options.advertiseAddress());
      Messages.ManagerPeer self = raftPeer(options);
      List<Messages.ManagerPeer> peers = new ArrayList<>(grant.raftPeers().stream()
          .filter(p -> !p.id().equals(self.id())).toList());
      peers.add(self);
      return manager(options, cluster, members, self, peers, token, grant, false);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private static ClusterSecret clusterOf(NodeOptions options, Messages.JoinGrant grant) throws java.io.IOException {
    ClusterSecret cluster = new ClusterSecret(grant.clusterId(), grant.clusterName().substring(SECRET_PREFIX.length()));
    Identity.write(options.dataDir().resolve("cluster-id"), cluster.clusterId());
    Identity.write(options.dataDir().resolve("cluster-secret"), cluster.secret());
    return cluster;
  }

  /** Where the manager's Raft member keeps its log: a manager without one starts a new cluster. */
  static java.nio.file.Path raftLog(NodeOptions options) {
    return options.dataDir().resolve("manager").resolve("raft");
  }

  private static java.nio.file.Path roleFile(NodeOptions options) {
    return options.dataDir().resolve("role");
  }

  /** This manager in the Raft group: its node id, and the Raft address it first started with. */
  static Messages.ManagerPeer raftPeer(NodeOptions options) throws java.io.IOException {
    java.nio.file.Path file = options.dataDir().resolve("raft-address");
    String address = Identity.read(file).orElse(options.advertiseAddress() + ":" + options.raftPort());
    Identity.write(file, address);
    return new Messages.ManagerPeer(Identity.nodeId(options.dataDir()), address);
  }

  static SchedulerConfig schedulerConfig(NodeOptions options, ClusterSecret cluster,
      Messages.ManagerPeer self, List<Messages.ManagerPeer> peers) {
    Settings settings = new Settings(options.taskHistoryLimit(), Settings.DEFAULT.stableAfter(),
        Settings.DEFAULT.backoffBase(), Settings.DEFAULT.backoffCap());
    SchedulerConfig defaults = SchedulerConfig.defaults(options.dataDir(), cluster, self);
    return new SchedulerConfig(options.dataDir().resolve("manager"), cluster, settings, defaults.tick(),
        defaults.assignmentRefresh(), options.heartbeatPeriod(), options.networkPool(), self, peers);
  }

  private static Future<Vertx> manager(NodeOptions options, ClusterSecret cluster, List<String> members,
      Messages.ManagerPeer self, List<Messages.ManagerPeer> peers, String managerToken, Messages.JoinGrant grant,
      boolean newCluster) {
    Observability observability = new Observability();
    PrometheusMeterRegistry registry = observability.registry();
    SchedulerConfig config = schedulerConfig(options, cluster, self, peers);
    // The Raft member recovers its log while Hazelcast and Vert.x start.
    var raft = SchedulerVerticle.startRaft(config);
    return ClusterVertx.start(cluster.hazelcastClusterName(), options.advertiseAddress(), options.busPort(), members,
            false, observability)
        .compose(started -> {
          Vertx vertx = started.vertx();
          NodeProcess process = new NodeProcess(vertx, options, registry, started.clusterManager()
              .getHazelcastInstance(), cluster);
          Future<?> deployed = ManagerRole.start(vertx, options, config, raft, registry,
                  Optional.of(started.clusterManager().getHazelcastInstance()), managerToken, newCluster)
              .onSuccess(process::managing)
              .compose(role -> writeRole(options, "manager"));
          if (options.runAgent()) {
            deployed = deployed.compose(id -> deployAgent(vertx, options, NodeRole.MANAGER, options.heartbeatPeriod(),
                registry));
          }
          return deployed
              .onSuccess(id -> process.listen())
              .onSuccess(id -> LOG.info("manager of cluster {} is up on {}: API on http://{}:{}, data in {}{}",
                  cluster.clusterId(), options.advertiseAddress(), options.apiHost(), options.apiPort(),
                  options.dataDir(), adminTokenNote(options)))
              .map(vertx)
              .onFailure(e -> vertx.close());
        });
  }

  private static String adminTokenNote(NodeOptions options) {
    java.nio.file.Path file = FirstAdminToken.file(options.dataDir());
    return java.nio.file.Files.exists(file) ? ", admin API token in " + file : "";
  }

  private static Future<Vertx> worker(NodeOptions options, Messages.JoinGrant grant) {
    Observability observability = new Observability();
    return ClusterVertx.start(grant.clusterName(), options.advertiseAddress(), 0, grant.managers(), true,
            observability)
        .compose(started -> deployAgent(started.vertx(), options, NodeRole.WORKER, grant.heartbeatPeriod(),
                observability.registry())
            .compose(id -> writeRole(options, "worker"))
            .onSuccess(id -> {
              try {
                new NodeProcess(started.vertx(), options, observability.registry(),
                    started.clusterManager().getHazelcastInstance(), clusterOf(options, grant)).listen();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
            .onSuccess(id -> LOG.info("worker of cluster {} is up on {}, managers {}", grant.clusterId(),
                options.advertiseAddress(), grant.managers()))
            .map(started.vertx())
            .onFailure(e -> started.vertx().close()));
  }

  static Future<Void> writeRole(NodeOptions options, String role) {
    try {
      Identity.write(roleFile(options), role);
      return Future.succeededFuture();
    } catch (java.io.IOException e) {
      return Future.failedFuture(e);
    }
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
