package io.flotilla.scheduler.state;

import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Network;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.scheduler.events.ClusterEvents;
import io.flotilla.scheduler.network.NetworkPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** How service commands change the state, each checked against the state it is applied to. */
final class ServiceChanges {
  private ServiceChanges() {}

  static Change create(ManagerState state, Command.CreateService c, Instant at) {
    ServiceSpec spec = c.service().spec();
    if (Lookup.service(state, spec.name()).filter(s -> s.name().equals(spec.name())).isPresent()) {
      throw Rejection.conflict("a service named '" + spec.name() + "' already exists");
    }
    check(state, spec, null);
    Service service = c.service();
    ManagerState next = withIngress(state, spec, c.ingressId(), c.pool(), at)
        .withServices(services -> services.put(service.id(), service));
    return written(next, service, "create", at);
  }

  static Change scale(ManagerState state, Command.ScaleService c, Instant at) {
    Service service = find(state, c.service());
    Service scaled = service.withSpec(service.spec().withReplicas(c.replicas()), at);
    return written(state.withServices(services -> services.put(scaled.id(), scaled)), scaled, "scale", at);
  }

  static Change update(ManagerState state, Command.UpdateService c, Instant at) {
    if (c.spec() == null) {
      throw new InvalidSpecException("spec", "is required");
    }
    Service service = find(state, c.service());
    if (c.version() != service.version()) {
      throw Rejection.conflict("version " + c.version() + " is stale: service " + service.name() + " is at version "
          + service.version() + "; read it again and retry");
    }
    ServiceSpec spec = c.spec();
    if (!spec.name().equals(service.name())) {
      throw new InvalidSpecException("name", "cannot change (from '" + service.name() + "' to '" + spec.name()
          + "'); create a new service instead");
    }
    if (spec.mode() != service.spec().mode()) {
      throw new InvalidSpecException("mode", "cannot change; create a new service instead");
    }
    check(state, spec, service.id());
    Service updated = service.withSpec(spec, at);
    ManagerState next = withIngress(state, spec, c.ingressId(), c.pool(), at)
        .withServices(services -> services.put(updated.id(), updated));
    return written(next, updated, "update", at);
  }

  static Change rollback(ManagerState state, Command.RollbackService c, Instant at) {
    Service service = find(state, c.service());
    if (service.previousSpec() == null) {
      throw Rejection.conflict("service " + service.name() + " has no previous spec to roll back to");
    }
    Service rolledBack = service.rolledBack(at, "rollback requested");
    return written(state.withServices(services -> services.put(rolledBack.id(), rolledBack)), rolledBack,
        "rollback", at);
  }

  static Change remove(ManagerState state, Command.RemoveService c, Instant at) {
    Service service = find(state, c.service());
    Outcome last = Outcome.ok(Lookup.view(state, service));
    return new Change(state.withServices(services -> services.remove(service.id())), last,
        List.of(ClusterEvents.service("remove", service, at)));
  }

  static Service find(ManagerState state, String ref) {
    return Lookup.service(state, ref).orElseThrow(() -> Rejection.notFound("service", ref));
  }

  /** The networks, secrets and configs it names exist and its published ports are free. */
  static void check(ManagerState state, ServiceSpec spec, String serviceId) {
    List<String> refs = spec.networks();
    for (int i = 0; i < refs.size(); i++) {
      if (NetworkPlan.find(state.networks().values(), refs.get(i)).isEmpty()) {
        throw new InvalidSpecException("networks[" + i + "]", "no network named '" + refs.get(i)
            + "'; create it first with 'flotilla network create " + refs.get(i) + "'");
      }
    }
    FileObjectChanges.checkReferences(state, spec, "");
    Optional<String> portTaken = NetworkPlan.portTaken(spec, serviceId, state.services().values());
    if (portTaken.isPresent()) {
      throw Rejection.conflict(portTaken.get());
    }
  }

  static ManagerState withIngress(ManagerState state, ServiceSpec spec, String ingressId,
      io.flotilla.model.Ipv4Cidr pool, Instant at) {
    Optional<Network> ingress = StateMachine.ingressFor(state, spec, ingressId, pool, at);
    return ingress.map(n -> state.withNetworks(List.of(n))).orElse(state);
  }

  private static Change written(ManagerState next, Service service, String action, Instant at) {
    return new Change(next, Outcome.ok(Lookup.view(next, service)),
        List.of(ClusterEvents.service(action, service, at)));
  }
}
