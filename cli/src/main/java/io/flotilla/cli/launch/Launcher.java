package io.flotilla.cli.launch;

import io.flotilla.agent.AgentConfig;
import io.flotilla.agent.NodeAgentVerticle;
import io.flotilla.agent.docker.DockerEngine;
import io.flotilla.agent.logs.LogServer;
import io.flotilla.bus.Messages;
import io.flotilla.model.NodeRole;
import io.flotilla.monitor.Observability;
import io.flotilla.overlay.OverlayVerticle;
import io.flotilla.scheduler.SchedulerConfig;
import io.flotilla.scheduler.SchedulerVerticle;
import io.flotilla.scheduler.membership.CertificateIssuer;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.security.CaDigest;
import io.flotilla.security.NodeTls;
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

  private Launcher() {}

  /**
   * The first manager of a new cluster (a Raft group of one), or a manager that restarts with
   * its data directory (its Raft log knows the group).
   */
  public static Future<Vertx> startManager(NodeOptions options) {
    ClusterSecret cluster;
    List<String> members = new ArrayList<>();
    Messages.ManagerPeer self;
    NodeTls tls;
    try {
      if (Identity.read(roleFile(options)).filter("worker"::equals).isPresent()) {
        return Future.failedFuture(new IllegalStateException("this node was demoted to a worker; start it with "
            + "'flotilla join --token <worker token> MANAGER' (data directory " + options.dataDir() + ")"));
      }
      cluster = new ClusterSecret(Identity.clusterId(options.dataDir()), Identity.clusterSecret(options.dataDir()));
      Identity.read(options.dataDir().resolve("managers"))
          .ifPresent(peers -> members.addAll(List.of(peers.split(","))));
      self = raftPeer(options);
      tls = managerTls(options, cluster, self.id());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    members.add(options.advertiseAddress());
    boolean newCluster = !java.nio.file.Files.exists(raftLog(options));
    return manager(options, cluster, members, self, List.of(self), tls, null, newCluster);
  }

  /**
   * This manager's certificate; for the first manager of a new cluster, a new cluster CA and a
   * certificate from it. A manager with a Raft log but no certificate belongs to a cluster whose
   * CA it cannot know: it is refused rather than given a CA of its own.
   */
  private static NodeTls managerTls(NodeOptions options, ClusterSecret cluster, String nodeId)
      throws java.io.IOException {
    Optional<NodeTls> existing = NodeTls.load(options.dataDir());
    if (existing.isPresent()) {
      return existing.get();
    }
    if (java.nio.file.Files.exists(raftLog(options))) {
      throw new IllegalStateException("this manager's data directory " + options.dataDir() + " has a Raft log but no "
          + "certificate in " + NodeTls.directoryOf(options.dataDir()) + "; restore that directory, or start afresh");
    }
    NodeTls tls = CertificateIssuer.bootstrap(options.dataDir(), cluster, nodeId, options.advertiseAddress(),
        hostname(), options.certExpiry(), java.time.Instant.now());
    LOG.info("made the cluster CA (digest {}); its certificate is {}", CaDigest.of(tls.ca()), tls.caFile());
    return tls;
  }

  /**
   * Joins the cluster that granted {@code grant} to {@code token}, as the role the token gave,
   * or, for a node that was promoted or demoted since, as the role it last had. The node's
   * certificate from the grant is in its data directory already.
   */
  public static Future<Vertx> join(NodeOptions options, Messages.JoinGrant grant, String token) {
    try {
      NodeTls tls = NodeTls.load(options.dataDir()).orElseThrow(() -> new IllegalStateException(
          "no certificate in " + NodeTls.directoryOf(options.dataDir()) + "; join again with a current token"));
      NodeRole role = Identity.read(roleFile(options)).map(NodeRole::parse).orElse(grant.role());
      if (role == NodeRole.WORKER) {
        return worker(options, grant, tls);
      }
      ClusterSecret cluster = clusterOf(options, grant);
      Identity.write(options.dataDir().resolve("managers"), String.join(",", grant.managers()));
      List<String> members = new ArrayList<>(grant.managers());
      members.add(options.advertiseAddress());
      Messages.ManagerPeer self = raftPeer(options);
      List<Messages.ManagerPeer> peers = new ArrayList<>(grant.raftPeers().stream()
          .filter(p -> !p.id().equals(self.id())).toList());
      peers.add(self);
      return manager(options, cluster, members, self, peers, tls, token, false);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /** A manager's cluster secret: from the grant when it just joined, else from its data directory. */
  static ClusterSecret clusterOf(NodeOptions options, Messages.JoinGrant grant) throws java.io.IOException {
    java.nio.file.Path secretFile = options.dataDir().resolve("cluster-secret");
    String secret = grant.clusterSecret() != null ? grant.clusterSecret() : Identity.read(secretFile).orElseThrow(() ->
        new IllegalStateException("this manager does not know the cluster secret; join again with a manager token"));
    ClusterSecret cluster = new ClusterSecret(grant.clusterId(), secret);
    Identity.write(options.dataDir().resolve("cluster-id"), cluster.clusterId());
    Identity.writePrivate(secretFile, cluster.secret());
    return cluster;
  }

  /** This node's id, made on its first start and kept in its data directory. */
  public static String nodeId(java.nio.file.Path dataDir) throws java.io.IOException {
    return Identity.nodeId(dataDir);
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
      Messages.ManagerPeer self, List<Messages.ManagerPeer> peers, NodeTls tls) {
    Settings settings = new Settings(options.taskHistoryLimit(), Settings.DEFAULT.stableAfter(),
        Settings.DEFAULT.backoffBase(), Settings.DEFAULT.backoffCap());
    SchedulerConfig defaults = SchedulerConfig.defaults(options.dataDir(), cluster, self, tls);
    return new SchedulerConfig(options.dataDir().resolve("manager"), cluster, settings, defaults.tick(),
        defaults.assignmentRefresh(), options.heartbeatPeriod(), options.networkPool(), self, peers, tls);
  }

  private static Future<Vertx> manager(NodeOptions options, ClusterSecret cluster, List<String> members,
      Messages.ManagerPeer self, List<Messages.ManagerPeer> peers, NodeTls tls, String managerToken,
      boolean newCluster) {
    Observability observability = new Observability();
    PrometheusMeterRegistry registry = observability.registry();
    SchedulerConfig config = schedulerConfig(options, cluster, self, peers, tls);
    // The Raft member recovers its log while Hazelcast and Vert.x start.
    var raft = SchedulerVerticle.startRaft(config);
    return ClusterVertx.start(cluster.hazelcastClusterName(), options.advertiseAddress(), options.busPort(), members,
            false, observability, tls)
        .compose(started -> {
          Vertx vertx = started.vertx();
          NodeProcess process = new NodeProcess(vertx, options, registry, started.clusterManager()
              .getHazelcastInstance());
          Future<?> deployed = ManagerRole.start(vertx, options, config, raft, registry,
                  Optional.of(started.clusterManager().getHazelcastInstance()), managerToken, newCluster)
              .onSuccess(process::managing)
              .compose(role -> writeRole(options, "manager"));
          if (options.runAgent()) {
            deployed = deployed.compose(id -> deployAgent(vertx, options, NodeRole.MANAGER, options.heartbeatPeriod(),
                registry)).onSuccess(process::servingLogs);
          }
          return deployed
              .onSuccess(id -> process.listen())
              .onSuccess(id -> LOG.info("manager of cluster {} is up on {}: API on https://{}:{}, data in {}{}",
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

  private static Future<Vertx> worker(NodeOptions options, Messages.JoinGrant grant, NodeTls tls) {
    Observability observability = new Observability();
    return ClusterVertx.start(grant.clusterName(), options.advertiseAddress(), 0, grant.managers(), true,
            observability, tls)
        .compose(started -> deployAgent(started.vertx(), options, NodeRole.WORKER, grant.heartbeatPeriod(),
                observability.registry())
            .compose(logs -> writeRole(options, "worker")
                .compose(v -> WorkerMetrics.serve(started.vertx(), options, tls, observability.registry()))
                .onSuccess(metrics -> new NodeProcess(started.vertx(), options, observability.registry(),
                    started.clusterManager().getHazelcastInstance()).servingMetrics(metrics).servingLogs(logs)
                    .listen()))
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

  /** Deploys the overlay, the agent and its log endpoint; answers the log endpoint, to renew its certificate. */
  private static Future<LogServer> deployAgent(Vertx vertx, NodeOptions options, NodeRole role,
      java.time.Duration heartbeat, PrometheusMeterRegistry registry) {
    try {
      String nodeId = Identity.nodeId(options.dataDir());
      String hostname = hostname();
      AgentConfig agent = new AgentConfig(nodeId, hostname, options.advertiseAddress(), role, options.labels(),
          heartbeat, null);
      DockerEngine engine = new DockerEngine(options.dockerHost(), options.secretsDir());
      NodeTls tls = NodeTls.load(options.dataDir()).orElseThrow(() -> new IllegalStateException(
          "no certificate in " + NodeTls.directoryOf(options.dataDir())));
      return vertx.deployVerticle(new OverlayVerticle(nodeId, options.advertiseAddress(), engine.networks(), DNS_PORT))
          .compose(overlay -> vertx.deployVerticle(new NodeAgentVerticle(agent, engine, registry)))
          .compose(agentId -> {
            LogServer logs = new LogServer(nodeId, options.advertiseAddress(), logsPort(options), tls, engine.logs());
            return vertx.deployVerticle(logs).map(logs);
          });
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Where a node's agent serves its containers' logs to the managers: next to the manager's API
   * (API port + 4, after Raft's + 1, the bus's + 2 and a worker's metrics' + 3), or any free port
   * when that one is taken (two nodes on one host); managers ask each node for its port over the bus.
   */
  static int logsPort(NodeOptions options) {
    return options.apiPort() + 4;
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
