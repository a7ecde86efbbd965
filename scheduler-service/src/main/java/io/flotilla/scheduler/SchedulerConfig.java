package io.flotilla.scheduler;

import io.flotilla.bus.Messages;
import io.flotilla.model.Ipv4Cidr;
import io.flotilla.scheduler.network.Ipam;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.scheduler.reconcile.Settings;
import io.flotilla.security.NodeTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A manager's settings. {@code self} is this manager in the Raft group (its node id and Raft
 * address); {@code peers} the group it starts with when its data directory is new (itself for a
 * new cluster, the current managers and itself for one that joins). {@code tick} is how often
 * reconciliation runs even when nothing happened; agents get their full assignment set every
 * {@code assignmentRefresh} in case a message was lost. Joining nodes are told the cluster's
 * {@code heartbeatPeriod}. Overlay networks get their subnets from {@code networkPool} unless
 * the user names one. {@code tls} is this manager's certificate, which its Raft member presents.
 */
public record SchedulerConfig(Path dataDir, ClusterSecret cluster, Settings settings, Duration tick,
    Duration assignmentRefresh, Duration heartbeatPeriod, Ipv4Cidr networkPool, Messages.ManagerPeer self,
    List<Messages.ManagerPeer> peers, NodeTls tls) {
  public SchedulerConfig {
    peers = List.copyOf(peers);
  }

  /** A manager alone in its own new group, with the default timings. */
  public static SchedulerConfig defaults(Path dataDir, ClusterSecret cluster, Messages.ManagerPeer self, NodeTls tls) {
    return new SchedulerConfig(dataDir, cluster, Settings.DEFAULT, Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(1), Ipam.DEFAULT_POOL, self, List.of(self), tls);
  }

  public SchedulerConfig withPeers(List<Messages.ManagerPeer> newPeers) {
    return new SchedulerConfig(dataDir, cluster, settings, tick, assignmentRefresh, heartbeatPeriod, networkPool, self,
        newPeers, tls);
  }
}
