package io.flotilla.agent;

import io.flotilla.agent.step.ContainerObservation;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.bus.Messages.Assignments;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the agent knows of its tasks: the scheduler's latest assignments and the engine's
 * latest observation of each task's container.
 *
 * <p>Reads of the engine run concurrently and finish in any order, so each carries a stamp
 * taken when it was issued, and a read never overwrites one issued after it. The result of
 * an action (create, stop...) is stamped when it finishes: reads issued while it ran may
 * predate it.
 */
final class TaskTable {
  private final String nodeId;
  private final Map<String, Assignment> assignments = new LinkedHashMap<>();
  private final Map<String, ContainerObservation> observed = new HashMap<>();
  private final Map<String, String> taskOfContainer = new HashMap<>();
  private final Map<String, Long> stamps = new HashMap<>();
  private Instant assignedAt;
  private boolean assigned;
  private boolean listed;
  private long clock;

  TaskTable(String nodeId) {
    this.nodeId = nodeId;
  }

  /** Takes a full assignment set; false when it is another node's or older than the one held. */
  boolean accept(Assignments set) {
    if (!nodeId.equals(set.nodeId()) || assignedAt != null && set.at() != null && set.at().isBefore(assignedAt)) {
      return false;
    }
    assignments.clear();
    set.assignments().forEach(a -> assignments.put(a.task().id(), a));
    assignedAt = set.at() != null ? set.at() : assignedAt;
    assigned = true;
    return true;
  }

  /** Steps need both sides: without a listing, every assigned task would look container-less. */
  boolean ready() {
    return assigned && listed;
  }

  long stamp() {
    return ++clock;
  }

  Assignment assignment(String taskId) {
    return assignments.get(taskId);
  }

  ContainerObservation observation(String taskId) {
    return observed.get(taskId);
  }

  /** Every task that is assigned here or has a container here. */
  Set<String> taskIds() {
    Set<String> ids = new LinkedHashSet<>(assignments.keySet());
    ids.addAll(observed.keySet());
    return ids;
  }

  /** Applies one read of a task's container; empty means the task has none. */
  void observe(String taskId, Optional<ContainerObservation> container, long stamp) {
    if (stamp <= stamps.getOrDefault(taskId, 0L)) {
      return;
    }
    stamps.put(taskId, stamp);
    ContainerObservation previous = container.isPresent()
        ? observed.put(taskId, container.get())
        : observed.remove(taskId);
    if (previous != null) {
      taskOfContainer.remove(previous.containerId());
    }
    container.ifPresent(c -> taskOfContainer.put(c.containerId(), taskId));
  }

  /**
   * Applies an inspection of one container (empty: it is gone) and returns its task, if known.
   * A container that is gone only clears its task when it is the task's current container.
   */
  Optional<String> observeContainer(String containerId, Optional<ContainerObservation> container, long stamp) {
    String taskId = container.map(ContainerObservation::taskId).orElse(taskOfContainer.get(containerId));
    if (taskId == null) {
      return Optional.empty();
    }
    ContainerObservation current = observed.get(taskId);
    if (container.isPresent() || current != null && current.containerId().equals(containerId)) {
      observe(taskId, container, stamp);
    }
    return Optional.of(taskId);
  }

  /** Applies a full listing: the listed containers are observed, every other task has none. */
  void observeAll(List<ContainerObservation> containers, long stamp) {
    Map<String, ContainerObservation> byTask = new HashMap<>();
    for (ContainerObservation c : containers) {
      // A task has one container unless someone copied it by hand; the live one is the task's.
      byTask.merge(c.taskId(), c, (a, b) -> a.isLive() ? a : b);
    }
    Set<String> tasks = new LinkedHashSet<>(observed.keySet());
    tasks.addAll(byTask.keySet());
    for (String taskId : tasks) {
      observe(taskId, Optional.ofNullable(byTask.get(taskId)), stamp);
    }
    stamps.entrySet().removeIf(e -> e.getValue() < stamp
        && !observed.containsKey(e.getKey()) && !assignments.containsKey(e.getKey()));
    listed = true;
  }
}
