package io.flotilla.scheduler;

import io.flotilla.model.Node;
import io.flotilla.model.NodeState;
import io.flotilla.model.Service;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.scheduler.reconcile.ServiceStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The cluster's gauges and the scheduler's timers. */
public final class SchedulerMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger services = new AtomicInteger();
  private final MultiGauge desired;
  private final MultiGauge running;
  private final MultiGauge tasksByState;
  private final MultiGauge nodesByState;
  private final Timer schedulingLatency;
  private final Timer reconcileDuration;

  public SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("flotilla_services", services, AtomicInteger::get)
        .description("Services in the cluster, as the Raft leader sees them (0 on other managers)").register(registry);
    desired = MultiGauge.builder("flotilla_service_replicas_desired")
        .description("Tasks each service should run, by service (on the Raft leader)").register(registry);
    running = MultiGauge.builder("flotilla_service_replicas_running")
        .description("Tasks of each service that run, by service (on the Raft leader)").register(registry);
    tasksByState = MultiGauge.builder("flotilla_tasks")
        .description("Tasks by observed state, history included (on the Raft leader)").register(registry);
    nodesByState = MultiGauge.builder("flotilla_nodes")
        .description("Nodes by state: READY, DOWN or UNKNOWN (on the Raft leader)").register(registry);
    schedulingLatency = Timer.builder("flotilla_scheduling_latency")
        .description("Time from a task's creation until its node reports it RUNNING")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry);
    reconcileDuration = Timer.builder("flotilla_reconcile_duration")
        .description("Time to compute one reconciliation plan")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(5))
        .register(registry);
  }

  /** A task was placed: committed ASSIGNED to a node (named by its hostname). */
  public void placed(String hostname) {
    Counter.builder("flotilla_placements")
        .description("Tasks placed on a node by the scheduler (committed as ASSIGNED), by node")
        .tag("node", hostname)
        .register(registry)
        .increment();
  }

  /**
   * This manager no longer leads: its cluster gauges stop, since only the leader's are kept up to
   * date (a follower's would show the cluster as it was when it lost the lead).
   */
  public void stopReporting() {
    services.set(0);
    desired.register(List.of(), true);
    running.register(List.of(), true);
    tasksByState.register(List.of(), true);
    nodesByState.register(List.of(), true);
  }

  public void taskRunning(Task task, java.time.Instant at) {
    if (task.createdAt() != null && !at.isBefore(task.createdAt())) {
      schedulingLatency.record(Duration.between(task.createdAt(), at));
    }
  }

  public void reconciled(long nanos) {
    reconcileDuration.record(Duration.ofNanos(nanos));
  }

  public void update(Collection<Service> allServices, Collection<Task> allTasks, Collection<Node> allNodes,
      Map<String, List<Task>> tasksByService) {
    services.set(allServices.size());
    List<MultiGauge.Row<?>> desiredRows = new ArrayList<>();
    List<MultiGauge.Row<?>> runningRows = new ArrayList<>();
    for (Service s : allServices) {
      ServiceStatus status = ServiceStatus.of(s, tasksByService.getOrDefault(s.id(), List.of()));
      Tags tags = Tags.of("service", s.name());
      desiredRows.add(MultiGauge.Row.of(tags, status.desired()));
      runningRows.add(MultiGauge.Row.of(tags, status.running()));
    }
    desired.register(desiredRows, true);
    running.register(runningRows, true);
    Map<TaskState, Integer> byState = new EnumMap<>(TaskState.class);
    for (TaskState s : TaskState.values()) {
      byState.put(s, 0);
    }
    allTasks.forEach(t -> byState.merge(t.state(), 1, Integer::sum));
    tasksByState.register(byState.entrySet().stream()
        .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey().name()), e.getValue()))
        .<MultiGauge.Row<?>>map(r -> r).toList(), true);
    Map<NodeState, Integer> nodes = new EnumMap<>(NodeState.class);
    for (NodeState s : NodeState.values()) {
      nodes.put(s, 0);
    }
    allNodes.forEach(n -> nodes.merge(n.state(), 1, Integer::sum));
    nodesByState.register(nodes.entrySet().stream()
        .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey().name()), e.getValue()))
        .<MultiGauge.Row<?>>map(r -> r).toList(), true);
  }
}
