package io.flotilla.scheduler;

import io.flotilla.model.Ipv4Cidr;
import io.flotilla.overlay.ipam.Ipam;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.scheduler.reconcile.Settings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code tick} is how often reconciliation runs even when nothing happened; agents get their
 * full assignment set every {@code assignmentRefresh} in case a message was lost. Joining
 * nodes are told the cluster's {@code heartbeatPeriod}. Overlay networks get their subnets from
 * {@code networkPool} unless the user names one.
 */
public record SchedulerConfig(Path dataDir, ClusterSecret cluster, Settings settings, Duration tick,
    Duration assignmentRefresh, Duration heartbeatPeriod, Ipv4Cidr networkPool) {
  public static SchedulerConfig defaults(Path dataDir, ClusterSecret cluster) {
    return new SchedulerConfig(dataDir, cluster, Settings.DEFAULT, Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(1), Ipam.DEFAULT_POOL);
  }
}
