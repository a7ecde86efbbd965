package io.flotilla.scheduler.reconcile;

import io.flotilla.model.Service;
import io.flotilla.model.Task;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What reconciliation decided: tasks to write (new or changed), task ids to delete, services
 * whose rollout moved on (paused, rolled back, completed), and the next moment something will
 * be due (a delayed restart, a monitor period ending) even if nothing else happens.
 */
public record Plan(List<Task> upserts, List<String> removals, List<Service> services, Optional<Instant> wakeAt) {
  public Plan {
    upserts = List.copyOf(upserts);
    removals = List.copyOf(removals);
    services = List.copyOf(services);
  }

  public boolean isEmpty() {
    return upserts.isEmpty() && removals.isEmpty() && services.isEmpty();
  }
}
