package io.flotilla.scheduler.state;

import io.flotilla.bus.Messages;
import io.flotilla.model.Node;
import io.flotilla.model.Service;
import io.flotilla.model.Task;
import io.flotilla.scheduler.reconcile.ServiceStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finding objects the way the docker CLI does, and the views the API shows of them. */
public final class Lookup {
  private Lookup() {}

  /** By exact id, exact name, or an unambiguous id prefix. */
  public static Optional<Service> service(ManagerState state, String ref) {
    if (ref == null) {
      return Optional.empty();
    }
    Service byId = state.services().get(ref);
    if (byId != null) {
      return Optional.of(byId);
    }
    Optional<Service> byName = state.services().values().stream().filter(s -> s.name().equals(ref)).findFirst();
    if (byName.isPresent()) {
      return byName;
    }
    List<Service> byPrefix = state.services().values().stream().filter(s -> s.id().startsWith(ref)).toList();
    return byPrefix.size() == 1 ? Optional.of(byPrefix.get(0)) : Optional.empty();
  }

  /** By exact id, or an unambiguous hostname or id prefix. */
  public static Optional<Node> node(ManagerState state, String ref) {
    if (ref == null) {
      return Optional.empty();
    }
    Node byId = state.nodes().get(ref);
    if (byId != null) {
      return Optional.of(byId);
    }
    List<Node> matches = state.nodes().values().stream()
        .filter(n -> n.hostname().equals(ref) || n.id().startsWith(ref)).toList();
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  public static Map<String, List<Task>> tasksByService(ManagerState state) {
    return state.tasks().values().stream().collect(Collectors.groupingBy(Task::serviceId));
  }

  public static Messages.ServiceView view(ManagerState state, Service service) {
    return view(service, state.tasks().values().stream().filter(t -> t.serviceId().equals(service.id())).toList());
  }

  public static Messages.ServiceView view(Service service, List<Task> tasks) {
    ServiceStatus status = ServiceStatus.of(service, tasks);
    return new Messages.ServiceView(service, status.desired(), status.running(), status.message());
  }
}
