package io.flotilla.scheduler.reconcile;

import io.flotilla.model.DesiredState;
import io.flotilla.model.Node;
import io.flotilla.model.NodeDescription;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.model.NodeUpdate;
import io.flotilla.model.Resources;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A small in-memory cluster for reconciliation tests: state, a clock, and a pretend agent. */
final class Cluster {
  final Reconciler reconciler = new Reconciler(Settings.DEFAULT);
  final SplittableRandom random = new SplittableRandom(42);
  final Map<String, Service> services = new HashMap<>();
  final Map<String, Task> tasks = new HashMap<>();
  final Map<String, Node> nodes = new HashMap<>();
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  Plan lastPlan;

  Cluster nodes(int count) {
    for (int i = 1; i <= count; i++) {
      node("n" + i, 4, 8L << 30);
    }
    return this;
  }

  Cluster node(String id, double cpus, long memory) {
    return node(id, NodeRole.WORKER, Map.of(), cpus, memory);
  }

  Cluster node(String id, Map<String, String> labels) {
    return node(id, NodeRole.WORKER, labels, 4, 8L << 30);
  }

  Cluster node(String id, NodeRole role, Map<String, String> labels, double cpus, long memory) {
    nodes.put(id, Node.register(new NodeDescription(id, "host-" + id, "10.0.0." + nodes.size(),
        role, labels, new Resources.Amount(cpus, memory), "20.10"), NodeState.READY, now));
    return this;
  }

  Service service(ServiceSpec spec) {
    Service service = new Service("svc-" + spec.name(), 1, spec, null, now, now);
    services.put(service.id(), service);
    return service;
  }

  Service update(Service service, ServiceSpec spec) {
    Service updated = services.get(service.id()).withSpec(spec, now);
    services.put(updated.id(), updated);
    return updated;
  }

  void scale(Service service, int replicas) {
    services.put(service.id(), service.withSpec(service.spec().withReplicas(replicas), now));
  }

  Plan reconcile() {
    lastPlan = reconciler.reconcile(new ClusterState(services, tasks, nodes), now, random);
    lastPlan.upserts().forEach(t -> tasks.put(t.id(), t));
    lastPlan.removals().forEach(tasks::remove);
    lastPlan.services().forEach(s -> services.put(s.id(), s));
    return lastPlan;
  }

  /** The agents do what they are told: assigned tasks start, tasks told to stop stop. */
  boolean agentsAct() {
    Map<String, Task> before = Map.copyOf(tasks);
    for (Task task : List.copyOf(tasks.values())) {
      Node node = task.nodeId() == null ? null : nodes.get(task.nodeId());
      if (node == null || node.state() != NodeState.READY) {
        continue;
      }
      if (task.desiredState() == DesiredState.RUNNING && task.state() == TaskState.ASSIGNED) {
        report(task, TaskState.RUNNING, null);
      } else if (task.desiredState() == DesiredState.SHUTDOWN && task.state().isOnNode()) {
        report(task, TaskState.SHUTDOWN, null);
      }
    }
    return !before.equals(tasks);
  }

  void report(Task task, TaskState state, Integer exitCode) {
    Task current = tasks.get(task.id());
    TaskStatus status = new TaskStatus(task.id(), current.nodeId(), state, "c-" + task.id(), state.name().toLowerCase(),
        state == TaskState.FAILED ? "task: non-zero exit (" + exitCode + ")" : null, exitCode,
        state == TaskState.RUNNING ? now : null, null, now, null);
    Observations.apply(current, status).ifPresent(t -> tasks.put(t.id(), t));
  }

  /** Reconcile and let the agents act until nothing changes. */
  void converge() {
    for (int round = 0; round < 20; round++) {
      Plan plan = reconcile();
      boolean acted = agentsAct();
      if (plan.isEmpty() && !acted) {
        return;
      }
    }
    throw new AssertionError("no convergence after 20 rounds");
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  List<Task> running(Service service) {
    return tasks.values().stream()
        .filter(t -> t.serviceId().equals(service.id()) && t.state() == TaskState.RUNNING).toList();
  }

  List<Task> ofService(Service service) {
    return tasks.values().stream().filter(t -> t.serviceId().equals(service.id())).toList();
  }

  void nodeState(String id, NodeState state) {
    Node n = nodes.get(id);
    nodes.put(id, new Node(n.id(), n.hostname(), n.address(), n.role(), n.availability(), state, n.labels(),
        n.resources(), n.engineVersion(), n.createdAt(), now));
  }

  void availability(String id, io.flotilla.model.Availability availability) {
    update(id, new NodeUpdate(availability, null, null, null));
  }

  void labels(String id, Map<String, String> labels) {
    update(id, new NodeUpdate(null, labels, null, null));
  }

  /** A manager's change to a node, as the node API makes it. */
  void update(String id, NodeUpdate update) {
    nodes.put(id, update.applyTo(nodes.get(id), now));
  }

  /** Tasks of the service the agents run, counted per node. */
  Map<String, Long> runningPerNode(Service service) {
    return running(service).stream().collect(java.util.stream.Collectors.groupingBy(Task::nodeId,
        java.util.stream.Collectors.counting()));
  }
}
