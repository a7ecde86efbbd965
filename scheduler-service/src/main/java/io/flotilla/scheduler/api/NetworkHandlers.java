package io.flotilla.scheduler.api;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.Ids;
import io.flotilla.model.Ipv4Cidr;
import io.flotilla.model.Network;
import io.flotilla.scheduler.network.NetworkPlan;
import io.flotilla.scheduler.state.Command;
import java.util.Comparator;
import java.util.random.RandomGenerator;

/** Overlay networks: created and removed through the log, listed from this manager's state. */
public final class NetworkHandlers {
  private final Endpoints endpoints;
  private final RandomGenerator random;
  private final Ipv4Cidr pool;

  public NetworkHandlers(Endpoints endpoints, RandomGenerator random, Ipv4Cidr pool) {
    this.endpoints = endpoints;
    this.random = random;
    this.pool = pool;
  }

  public void mount() {
    endpoints.serve(Addresses.NETWORK_CREATE, message -> endpoints.write(message, new Command.CreateNetwork(
        Ids.next(random), Endpoints.body(message, Messages.CreateNetwork.class).spec(), pool)));
    endpoints.serve(Addresses.NETWORK_REMOVE, message -> endpoints.write(message,
        new Command.RemoveNetwork(Endpoints.body(message, Messages.NetworkRef.class).network())));
    endpoints.serve(Addresses.NETWORK_GET, message -> {
      String ref = Endpoints.body(message, Messages.NetworkRef.class).network();
      NetworkPlan.find(endpoints.state().networks().values(), ref).ifPresentOrElse(n -> Bus.reply(message, n),
          () -> message.fail(Failures.NOT_FOUND, "no such network: " + ref));
    });
    endpoints.serve(Addresses.NETWORK_LIST, message -> Bus.reply(message, new Messages.NetworkList(
        endpoints.state().networks().values().stream().sorted(Comparator.comparing(Network::name)).toList())));
  }
}
