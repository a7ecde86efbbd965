package io.flotilla.cli.launch;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.flotilla.monitor.Observability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.flotilla.security.NodeTls;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;

/**
 * A Vert.x instance on the clustered event bus, with Hazelcast finding members over TCP/IP
 * at the managers' addresses (no multicast). Managers are full members; agents are lite members.
 * Used even for a single member, so every mode runs the same code.
 *
 * <p>Every event-bus connection is mutual TLS ({@link EventBusTls}). Hazelcast's community
 * edition cannot encrypt; it carries membership and handler addresses only, and binds to the
 * advertised address alone.
 */
final class ClusterVertx {
  private ClusterVertx() {}

  record Started(Vertx vertx, HazelcastClusterManager clusterManager) {}

  /** {@code busPort} 0 takes any free port. */
  static Future<Started> start(String clusterName, String bindAddress, int busPort, List<String> members,
      boolean lite, Observability observability, NodeTls tls) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(clusterName);
    hazelcast.setLiteMember(lite);
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
    hazelcast.setProperty("hazelcast.socket.bind.any", "false");
    // Flotilla's own heartbeats decide whether a node is down; Hazelcast only needs to notice
    // a vanished member soon enough, and to merge back quickly after a partition heals.
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    hazelcast.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    hazelcast.setProperty("hazelcast.merge.next.run.delay.seconds", "2");
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(5701).setPortAutoIncrement(true).setPortCount(100);
    network.getInterfaces().setEnabled(true).addInterface(bindAddress);
    network.setPublicAddress(null);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);

    VertxOptions options = new VertxOptions()
        .setMetricsOptions(observability.vertxMetricsOptions())
        .setEventBusOptions(EventBusTls.apply(new EventBusOptions(), tls).setHost(bindAddress).setPort(busPort)
            // A partition must not leave messages queued behind TCP's retransmission backoff
            // (seconds after a 10 s outage): drop a connection whose pings go unanswered and
            // give up connecting quickly, so the first message after a heal opens a new one.
            .setClusterPingInterval(1_000)
            .setClusterPingReplyInterval(2_000)
            .setConnectTimeout(1_000));
    return Vertx.builder()
        .with(options)
        .withClusterManager(new RememberingClusterManager(manager))
        .withMetrics(observability.vertxMetricsFactory())
        .buildClustered()
        .map(vertx -> new Started(vertx, manager));
  }
}
