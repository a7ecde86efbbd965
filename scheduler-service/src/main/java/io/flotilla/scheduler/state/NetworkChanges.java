package io.flotilla.scheduler.state;

import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Network;
import io.flotilla.model.NetworkSpec;
import io.flotilla.scheduler.events.ClusterEvents;
import io.flotilla.scheduler.network.NetworkPlan;
import java.time.Instant;
import java.util.List;

/** How network commands change the state. */
final class NetworkChanges {
  private NetworkChanges() {}

  static Change create(ManagerState state, Command.CreateNetwork c, Instant at) {
    NetworkSpec spec = c.spec();
    if (spec == null) {
      throw new InvalidSpecException("name", "is required");
    }
    if (spec.name().equals(NetworkSpec.INGRESS)) {
      throw new InvalidSpecException("name", "'ingress' is the routing mesh's network; Flotilla creates it");
    }
    if (state.networks().values().stream().anyMatch(n -> n.name().equals(spec.name()))) {
      throw Rejection.conflict("a network named '" + spec.name() + "' already exists");
    }
    Network network;
    try {
      network = NetworkPlan.create(c.id(), spec, false, state.networks().values(), c.pool(), at);
    } catch (NetworkPlan.SubnetTakenException e) {
      throw Rejection.conflict(e.getMessage());
    } catch (IllegalStateException e) {
      throw Rejection.unavailable(e.getMessage());
    }
    return new Change(state.withNetworks(List.of(network)), Outcome.ok(network),
        List.of(ClusterEvents.network("create", network, at)));
  }

  static Change remove(ManagerState state, Command.RemoveNetwork c, Instant at) {
    Network network = NetworkPlan.find(state.networks().values(), c.network())
        .orElseThrow(() -> Rejection.notFound("network", c.network()));
    List<String> users = NetworkPlan.usersOf(network, state.services().values(), state.networks().values());
    if (!users.isEmpty()) {
      throw Rejection.conflict("network " + network.name() + " is in use by service"
          + (users.size() > 1 ? "s " : " ") + String.join(", ", users) + "; remove them first");
    }
    return new Change(state.withNetworks(map -> map.remove(network.id())), Outcome.ok(network),
        List.of(ClusterEvents.network("remove", network, at)));
  }
}
