package io.flotilla.scheduler.state;

import io.flotilla.bus.Messages;
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

  /** Removes the stack's services, and its networks that no service outside it uses. */
  static Change remove(ManagerState state, Command.RemoveStack c, Instant at) {
    String name = c.name();
    List<Service> services = state.services().values().stream()
        .filter(s -> name.equals(StackLabels.stackOf(s.spec().labels()))).toList();
    List<Network> networks = state.networks().values().stream()
        .filter(n -> name.equals(StackLabels.stackOf(n.spec().labels()))).toList();
    if (services.isEmpty() && networks.isEmpty()) {
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
    return new Change(next, Outcome.ok(new Messages.StackDeployed(name, List.of(), List.of(), List.of(),
        services.stream().map(Service::name).sorted().toList(), List.of(), null)), events);
  }
}
