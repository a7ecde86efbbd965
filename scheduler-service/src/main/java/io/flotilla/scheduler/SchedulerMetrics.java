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
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The cluster's gauges and the scheduler's timers. */
public final class SchedulerMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger services = new AtomicInteger();
  private final GaugeRows desired;
  private final GaugeRows running;
  private final GaugeRows tasksByState;
  private final GaugeRows nodesByState;
  private final Timer schedulingLatency;
  private final Timer reconcileDuration;

  public SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("flotilla_services", services, AtomicInteger::get)
        .description("Services in the cluster, as the Raft leader sees them (0 on other managers)").register(registry);
    desired = new GaugeRows("flotilla_service_replicas_desired",
        "Tasks each service should run, by service (on the Raft leader)", registry);
    running = new GaugeRows("flotilla_service_replicas_running",
        "Tasks of each service that run, by service (on the Raft leader)", registry);
    tasksByState = new GaugeRows("flotilla_tasks",
        "Tasks by observed state, history included (on the Raft leader)", registry);
    nodesByState = new GaugeRows("flotilla_nodes",
        "Nodes by state: READY, DOWN or UNKNOWN (on the Raft leader)", registry);
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
    desired.clear();
    running.clear();
    tasksByState.clear();
    nodesByState.clear();
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
    Map<Tags, Integer> desiredRows = new HashMap<>();
    Map<Tags, Integer> runningRows = new HashMap<>();
    for (Service s : allServices) {
      ServiceStatus status = ServiceStatus.of(s, tasksByService.getOrDefault(s.id(), List.of()));
      Tags tags = Tags.of("service", s.name());
      desiredRows.put(tags, status.desired());
      runningRows.put(tags, status.running());
    }
    desired.set(desiredRows);
    running.set(runningRows);
    Map<Tags, Integer> byState = new HashMap<>();
    for (TaskState s : TaskState.values()) {
      byState.put(Tags.of("state", s.name()), 0);
    }
    allTasks.forEach(t -> byState.merge(Tags.of("state", t.state().name()), 1, Integer::sum));
    tasksByState.set(byState);
    Map<Tags, Integer> nodes = new HashMap<>();
    for (NodeState s : NodeState.values()) {
      nodes.put(Tags.of("state", s.name()), 0);
    }
    allNodes.forEach(n -> nodes.merge(Tags.of("state", n.state().name()), 1, Integer::sum));
    nodesByState.set(nodes);
  }
}
