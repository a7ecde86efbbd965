package io.flotilla.scheduler.stack;

import io.flotilla.bus.Messages;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Ipv4Cidr;
import io.flotilla.model.Network;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.StackLabels;
import io.flotilla.scheduler.network.NetworkPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What deploying a stack changes, as a pure function of the stack and the cluster's services
 * and networks: the networks to create, the services to create or roll out (a changed spec),
 * those to prune, and a summary. Everything is checked first, so a deploy that fails changes
 * nothing: a bad reference is an {@link InvalidSpecException}, a clash with what exists a
 * {@link Conflict}.
 */
public final class StackPlan {
  private StackPlan() {}

  public record Result(List<Network> newNetworks, List<Service> writes, List<Service> pruned,
      Messages.StackDeployed summary) {}

  /** The stack clashes with what the cluster has: a subnet, a published port, a service of another owner. */
  public static final class Conflict extends RuntimeException {
    public Conflict(String message) {
      super(message, null, false, false);
    }
  }

  public static Result plan(Messages.DeployStack stack, Collection<Service> services, Collection<Network> networks,
      Ipv4Cidr pool, Supplier<String> ids, Instant now) {
    List<Network> known = new ArrayList<>(networks);
    for (String external : stack.externalNetworks()) {
      if (NetworkPlan.find(known, external).isEmpty()) {
        throw new InvalidSpecException("networks." + external, "the external network '" + external
            + "' does not exist; create it first (flotilla network create " + external
            + ") or deploy the stack that declares it");
      }
    }
    List<Network> newNetworks = new ArrayList<>();
    for (NetworkSpec spec : stack.networks()) {
      if (NetworkPlan.find(known, spec.name()).isEmpty()) {
        NetworkSpec tagged = new NetworkSpec(spec.name(), spec.subnet(), StackLabels.of(spec.labels(), stack.name(), null));
        try {
          Network network = NetworkPlan.create(ids.get(), tagged, false, known, pool, now);
          known.add(network);
          newNetworks.add(network);
        } catch (NetworkPlan.SubnetTakenException e) {
          throw new Conflict("networks." + spec.name() + ": " + e.getMessage());
        }
      }
    }
    List<Service> writes = new ArrayList<>();
    List<String> created = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    Map<String, List<Messages.FieldChange>> changes = new LinkedHashMap<>();
    for (ServiceSpec given : stack.services()) {
      ServiceSpec spec = given.withLabels(StackLabels.of(given.labels(), stack.name(),
          stack.startAfter().getOrDefault(given.name(), List.of())));
      for (int i = 0; i < spec.networks().size(); i++) {
        if (NetworkPlan.find(known, spec.networks().get(i)).isEmpty()) {
          throw new InvalidSpecException("services." + spec.name() + ".networks[" + i + "]",
              "no network named '" + spec.networks().get(i) + "'");
        }
      }
      Optional<Service> existing = services.stream().filter(s -> s.name().equals(spec.name())).findFirst();
      NetworkPlan.portTaken(spec, existing.map(Service::id).orElse(null), services)
          .ifPresent(clash -> {
            throw new Conflict("services." + spec.name() + ": " + clash);
          });
      if (existing.isEmpty()) {
        writes.add(new Service(ids.get(), 1, spec, null, now, now));
        created.add(spec.name());
      } else if (!stack.name().equals(StackLabels.stackOf(existing.get().spec().labels()))) {
        throw new Conflict("services." + spec.name() + ": a service of that name exists outside stack " + stack.name());
      } else if (existing.get().spec().equals(spec)) {
        unchanged.add(spec.name());
      } else {
        writes.add(existing.get().withSpec(spec, now));
        updated.add(spec.name());
        changes.put(spec.name(), SpecDiff.between(existing.get().spec(), spec));
      }
    }
    List<String> names = stack.services().stream().map(ServiceSpec::name).toList();
    List<Service> pruned = !stack.prune() ? List.of() : services.stream()
        .filter(s -> stack.name().equals(StackLabels.stackOf(s.spec().labels())) && !names.contains(s.name()))
        .toList();
    return new Result(newNetworks, writes, pruned, new Messages.StackDeployed(stack.name(), created, updated,
        unchanged, pruned.stream().map(Service::name).toList(), newNetworks.stream().map(Network::name).toList(),
        changes));
  }

  /** Stack name to its number of services and networks. */
  public static List<Messages.StackSummary> summaries(Collection<Service> services, Collection<Network> networks) {
    Map<String, Integer> serviceCounts = new java.util.TreeMap<>();
    services.forEach(s -> Optional.ofNullable(StackLabels.stackOf(s.spec().labels()))
        .ifPresent(stack -> serviceCounts.merge(stack, 1, Integer::sum)));
    Map<String, Integer> networkCounts = new java.util.HashMap<>();
    networks.forEach(n -> Optional.ofNullable(StackLabels.stackOf(n.spec().labels()))
        .ifPresent(stack -> networkCounts.merge(stack, 1, Integer::sum)));
    return serviceCounts.entrySet().stream()
        .map(e -> new Messages.StackSummary(e.getKey(), e.getValue(), networkCounts.getOrDefault(e.getKey(), 0)))
        .toList();
  }
}
