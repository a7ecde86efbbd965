package io.flotilla.scheduler.dispatcher;

import io.flotilla.bus.Messages;
import io.flotilla.model.Network;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.scheduler.network.NetworkPlan;
import io.flotilla.scheduler.state.ManagerState;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a node is asked to run, and the networks and mesh ports it needs, as of a state. */
final class Assignments {
  private Assignments() {}

  /** What a task's pull needs besides its spec: the credentials for its image's registry, if any. */
  interface Credentials {
    Credentials NONE = (state, spec) -> null;

    io.flotilla.model.RegistryAuth forPull(ManagerState state, ServiceSpec spec);
  }

  static Messages.Assignments of(ManagerState state, String nodeId) {
    return of(state, nodeId, needs(state), Credentials.NONE);
  }

  static Messages.Assignments of(ManagerState state, String nodeId, Credentials credentials) {
    return of(state, nodeId, needs(state), credentials);
  }

  /** Which nodes need which network, for {@link #of(ManagerState, String, Map)}: worked out once for every node. */
  static Map<String, Set<String>> needs(ManagerState state) {
    return NetworkPlan.needs(state.services(), state.tasks().values(), state.networks().values(),
        state.nodes().values());
  }

  static Messages.Assignments of(ManagerState state, String nodeId, Map<String, Set<String>> needs) {
    return of(state, nodeId, needs, Credentials.NONE);
  }

  static Messages.Assignments of(ManagerState state, String nodeId, Map<String, Set<String>> needs,
      Credentials credentials) {
    Map<String, Service> services = state.services();
    List<Task> tasks = List.copyOf(state.tasks().values());
    List<Network> networks = List.copyOf(state.networks().values());
    List<Messages.NodeNetwork> nodeNetworks = NetworkPlan.forNode(nodeId, networks, needs, state.nodes(), services,
        tasks);
    return new Messages.Assignments(nodeId, tasks.stream()
        .filter(t -> nodeId.equals(t.nodeId()) && t.state() != TaskState.PENDING)
        .sorted(Comparator.comparing(Task::id))
        .map(t -> {
          ServiceSpec spec = Optional.ofNullable(services.get(t.serviceId())).map(Service::spec).orElse(null);
          return new Messages.Assignment(t, spec, spec == null ? List.of() : NetworkPlan.networkNamesOf(spec, networks),
              spec == null || t.desiredState() != io.flotilla.model.DesiredState.RUNNING ? null
                  : credentials.forPull(state, spec));
        })
        .toList(), Instant.now(), nodeNetworks,
        nodeNetworks.stream().anyMatch(n -> n.name().equals(NetworkSpec.INGRESS))
            ? NetworkPlan.ingressRoutes(services, tasks, networks) : List.of());
  }
}
