package io.flotilla.scheduler.reconcile;

import io.flotilla.model.Node;
import io.flotilla.model.Service;
import io.flotilla.model.Task;
import java.util.Map;

/** A consistent snapshot of what the managers store, keyed by id. */
public record ClusterState(Map<String, Service> services, Map<String, Task> tasks, Map<String, Node> nodes) {
  public ClusterState {
    services = Map.copyOf(services);
    tasks = Map.copyOf(tasks);
    nodes = Map.copyOf(nodes);
  }
}
