package io.flotilla.scheduler.reconcile;

import io.flotilla.model.DesiredState;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import java.util.Collection;
import java.util.Comparator;

/** How many of a service's tasks should run and do, and, when short, why. */
public record ServiceStatus(int desired, int running, String message) {

  public static ServiceStatus of(Service service, Collection<Task> serviceTasks) {
    int running = (int) serviceTasks.stream()
        .filter(t -> t.desiredState() == DesiredState.RUNNING && t.state() == TaskState.RUNNING).count();
    int desired = service.spec().mode() == ServiceMode.GLOBAL
        ? (int) serviceTasks.stream().filter(t -> t.desiredState() == DesiredState.RUNNING && t.isAlive()).count()
        : service.spec().replicas();
    String message = null;
    if (running < desired) {
      message = serviceTasks.stream()
          .filter(t -> t.state() == TaskState.PENDING && t.desiredState() == DesiredState.RUNNING)
          .map(Task::message).findFirst()
          .orElseGet(() -> serviceTasks.stream()
              .filter(t -> t.state() == TaskState.FAILED || t.state() == TaskState.REJECTED)
              .max(Comparator.comparing(Task::updatedAt))
              .map(t -> t.state() + ": " + (t.error() != null ? t.error() : t.message()))
              .orElse(null));
    }
    return new ServiceStatus(desired, running, message);
  }
}
