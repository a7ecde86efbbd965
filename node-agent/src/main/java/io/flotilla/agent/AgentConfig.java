package io.flotilla.agent;

import io.flotilla.model.NodeRole;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Who this node is and how often the agent speaks: a heartbeat every {@code heartbeatPeriod}
 * (default 1 s), a full resync with the engine every {@code resyncPeriod} (default 2 s).
 */
public record AgentConfig(
    String nodeId,
    String hostname,
    String address,
    NodeRole role,
    Map<String, String> labels,
    Duration heartbeatPeriod,
    Duration resyncPeriod) {

  public static final Duration DEFAULT_HEARTBEAT_PERIOD = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RESYNC_PERIOD = Duration.ofSeconds(2);

  public AgentConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    hostname = hostname == null ? nodeId : hostname;
    role = role == null ? NodeRole.WORKER : role;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    heartbeatPeriod = positive("heartbeatPeriod", heartbeatPeriod, DEFAULT_HEARTBEAT_PERIOD);
    resyncPeriod = positive("resyncPeriod", resyncPeriod, DEFAULT_RESYNC_PERIOD);
  }

  /** A worker with default periods. */
  public static AgentConfig of(String nodeId, String hostname, String address) {
    return new AgentConfig(nodeId, hostname, address, NodeRole.WORKER, Map.of(), null, null);
  }

  private static Duration positive(String field, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, not " + value);
    }
    return value;
  }
}
