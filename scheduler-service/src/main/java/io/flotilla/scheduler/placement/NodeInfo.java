package io.flotilla.scheduler.placement;

import io.flotilla.model.Node;
import io.flotilla.model.PortConfig;
import io.flotilla.model.Resources;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A node as placement sees it: its live tasks counted per service, the resources they
 * reserve and the host-mode ports they hold.
 */
public record NodeInfo(Node node, Map<String, Integer> tasksByService, int taskCount,
    Resources.Amount reserved, Set<String> hostPorts) {

  public NodeInfo {
    tasksByService = Map.copyOf(tasksByService);
    hostPorts = Set.copyOf(hostPorts);
  }

  public static NodeInfo empty(Node node) {
    return new NodeInfo(node, Map.of(), 0, Resources.Amount.ZERO, Set.of());
  }

  /** This node with one more task of {@code spec}. */
  public NodeInfo plus(Task task, ServiceSpec spec) {
    Map<String, Integer> byService = new HashMap<>(tasksByService);
    byService.merge(task.serviceId(), 1, Integer::sum);
    Set<String> ports = new HashSet<>(hostPorts);
    ports.addAll(hostPortsOf(spec));
    return new NodeInfo(node, byService, taskCount + 1,
        reserved.plus(spec.resources().reservations()), ports);
  }

  public int tasksOf(String serviceId) {
    return tasksByService.getOrDefault(serviceId, 0);
  }

  public Resources.Amount free() {
    Resources.Amount total = node.resources();
    return new Resources.Amount(Math.max(0, total.cpus() - reserved.cpus()),
        Math.max(0, total.memoryBytes() - reserved.memoryBytes()));
  }

  static Set<String> hostPortsOf(ServiceSpec spec) {
    Set<String> ports = new HashSet<>();
    for (PortConfig p : spec.ports()) {
      if (p.mode() == PortConfig.PublishMode.HOST && p.published() != null) {
        ports.add(p.published() + "/" + p.protocol().json());
      }
    }
    return ports;
  }
}
