package io.flotilla.bus;

import io.flotilla.model.NodeDescription;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeUpdate;
import io.flotilla.model.NodeState;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskStatus;
import java.time.Instant;
import java.util.List;

/** Payload records of the bus, grouped by the address they travel to. */
public final class Messages {
  private Messages() {}

  public record CreateService(ServiceSpec spec) {}

  public record ScaleService(String service, int replicas) {}

  public record ServiceRef(String service) {}

  public record TaskQuery(String service, String node, String state) {}

  public record NodeRef(String node) {}

  public record UpdateNode(String node, NodeUpdate update) {}

  /** Removes a DOWN node; {@code force} removes it whatever its state. */
  public record RemoveNode(String node, boolean force) {}

  /** A service and how many of its tasks run; {@code message} says why some don't. */
  public record ServiceView(Service service, int desiredTasks, int runningTasks, String message) {}

  public record ServiceList(List<ServiceView> services) {}

  public record TaskList(List<Task> tasks) {}

  public record NodeList(List<io.flotilla.model.Node> nodes) {}

  /** One task for a node to run, with the spec it runs. */
  public record Assignment(Task task, ServiceSpec spec) {}

  /** Every task the scheduler wants a node to know about; tasks not listed must not exist there. */
  public record Assignments(String nodeId, List<Assignment> assignments, Instant at) {}

  public record TaskReports(String nodeId, List<TaskStatus> statuses) {}

  public record Heartbeat(NodeDescription node, Instant at) {}

  /** A node's state as a health monitor judges it, and when that monitor last heard from it. */
  public record NodeLiveness(NodeDescription node, NodeState state, Instant lastHeartbeat) {}

  public record NodeLivenessReport(List<NodeLiveness> nodes) {}

  /** A node that wants in, with the token it was given. */
  public record JoinRequest(String token, String hostname, String address) {}

  /**
   * What a node needs to join: its role, the Hazelcast cluster name (known only to members),
   * the managers' addresses and the heartbeat period the health monitor expects.
   */
  public record JoinGrant(NodeRole role, String clusterId, String clusterName, List<String> managers,
      java.time.Duration heartbeatPeriod) {}

  public record JoinTokenList(String worker, String manager) {}

  public record RotateJoinToken(NodeRole role) {}
}
