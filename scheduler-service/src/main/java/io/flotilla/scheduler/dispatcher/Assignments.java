package io.flotilla.scheduler.dispatcher;

import io.flotilla.bus.Messages;
import io.flotilla.model.DesiredState;
import io.flotilla.model.FileKind;
import io.flotilla.model.FileReference;
import io.flotilla.model.Network;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.scheduler.network.NetworkPlan;
import io.flotilla.scheduler.membership.SecretSeal;
import io.flotilla.scheduler.state.FileObjectChanges;
import io.flotilla.scheduler.state.ManagerState;
import java.time.Instant;
import java.util.ArrayList;
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

  static Messages.Assignments of(ManagerState state, String nodeId, SecretSeal seal, Credentials credentials) {
    return of(state, nodeId, needs(state), seal, credentials);
  }

  /** Which nodes need which network, for {@link #of(ManagerState, String, Map)}: worked out once for every node. */
  static Map<String, Set<String>> needs(ManagerState state) {
    return NetworkPlan.needs(state.services(), state.tasks().values(), state.networks().values(),
        state.nodes().values());
  }

  static Messages.Assignments of(ManagerState state, String nodeId, Map<String, Set<String>> needs,
      SecretSeal seal, Credentials credentials) {
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
              spec == null || t.desiredState() != DesiredState.RUNNING ? List.of() : files(state, spec, seal),
              spec == null || t.desiredState() != DesiredState.RUNNING ? null : credentials.forPull(state, spec));
        })
        .toList(), Instant.now(), nodeNetworks,
        nodeNetworks.stream().anyMatch(n -> n.name().equals(NetworkSpec.INGRESS))
            ? NetworkPlan.ingressRoutes(services, tasks, networks) : List.of());
  }

  /**
   * The secrets and configs a running task needs, as files: a secret's content opened for this
   * node only. One that no longer exists is left out (the service check keeps that from
   * happening while a service names it).
   */
  static List<Messages.TaskFile> files(ManagerState state, ServiceSpec spec, SecretSeal seal) {
    List<Messages.TaskFile> files = new ArrayList<>();
    for (FileKind kind : FileKind.values()) {
      for (FileReference ref : kind == FileKind.SECRET ? spec.secrets() : spec.configs()) {
        FileObjectChanges.byName(state, kind, ref.source()).ifPresent(object -> files.add(new Messages.TaskFile(kind,
            object.name(), kind.targetPath(ref), id(ref.uid()), id(ref.gid()), ref.mode() == null ? 0444 : ref.mode(),
            kind == FileKind.SECRET ? seal.open(object.data()) : object.data())));
      }
    }
    return files;
  }

  private static int id(String uidOrGid) {
    return uidOrGid == null || uidOrGid.isBlank() ? 0 : Integer.parseInt(uidOrGid.strip());
  }
}
