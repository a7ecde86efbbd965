package io.flotilla.scheduler.state;

import io.flotilla.bus.Messages;
import io.flotilla.model.FileKind;
import io.flotilla.model.FileObject;
import io.flotilla.model.Ids;
import io.flotilla.model.Network;
import io.flotilla.model.Service;
import io.flotilla.model.StackLabels;
import io.flotilla.scheduler.events.ClusterEvents;
import io.flotilla.scheduler.network.NetworkPlan;
import io.flotilla.scheduler.stack.StackPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** How stack commands change the state: what {@link StackPlan} decides, all or nothing. */
final class StackChanges {
  private StackChanges() {}

  static Change deploy(ManagerState state, Command.DeployStack c, Instant at) {
    SplittableRandom ids = new SplittableRandom(c.seed());
    StackPlan.Result plan;
    try {
      plan = StackPlan.plan(c.stack(), state.services().values(), state.networks().values(), c.pool(),
          () -> Ids.next(ids), at);
    } catch (StackPlan.Conflict e) {
      throw Rejection.conflict(e.getMessage());
    }
    for (Service service : plan.writes()) {
      FileObjectChanges.checkReferences(state, service.spec(), "services." + service.spec().name() + ".");
    }
    ManagerState next = state.withNetworks(plan.newNetworks());
    List<Messages.Event> events = new ArrayList<>();
    for (Service service : plan.writes()) {
      next = ServiceChanges.withIngress(next, service.spec(), Ids.next(ids), c.pool(), at)
          .withServices(services -> services.put(service.id(), service));
      events.add(ClusterEvents.service(service.version() == 1 ? "create" : "update", service, at));
    }
    for (Service pruned : plan.pruned()) {
      next = next.withServices(services -> services.remove(pruned.id()));
      events.add(ClusterEvents.service("remove", pruned, at));
    }
    plan.newNetworks().forEach(n -> events.add(ClusterEvents.network("create", n, at)));
    return new Change(next, Outcome.ok(plan.summary()), events);
  }

  /** Removes the stack's services, and its networks, secrets and configs that no service outside it uses. */
  static Change remove(ManagerState state, Command.RemoveStack c, Instant at) {
    String name = c.name();
    List<Service> services = state.services().values().stream()
        .filter(s -> name.equals(StackLabels.stackOf(s.spec().labels()))).toList();
    List<Network> networks = state.networks().values().stream()
        .filter(n -> name.equals(StackLabels.stackOf(n.spec().labels()))).toList();
    List<FileObject> files = java.util.Arrays.stream(FileKind.values()).flatMap(k -> state.files(k).values().stream())
        .filter(o -> name.equals(StackLabels.stackOf(o.labels()))).toList();
    if (services.isEmpty() && networks.isEmpty() && files.isEmpty()) {
      throw Rejection.notFound("stack", name);
    }
    List<Messages.Event> events = new ArrayList<>();
    ManagerState next = state.withServices(map -> services.forEach(s -> map.remove(s.id())));
    services.forEach(s -> events.add(ClusterEvents.service("remove", s, at)));
    for (Network network : networks) {
      if (NetworkPlan.usersOf(network, next.services().values(), next.networks().values()).isEmpty()) {
        next = next.withNetworks(map -> map.remove(network.id()));
        events.add(ClusterEvents.network("remove", network, at));
      }
    }
    for (FileObject file : files) {
      if (FileObjectChanges.usersOf(next, file).isEmpty()) {
        next = next.withFiles(file.kind(), map -> map.remove(file.id()));
        events.add(FileObjectChanges.event("remove", file, at));
      }
    }
    return new Change(next, Outcome.ok(new Messages.StackDeployed(name, List.of(), List.of(), List.of(),
        services.stream().map(Service::name).sorted().toList(), List.of(), null)), events);
  }
}
