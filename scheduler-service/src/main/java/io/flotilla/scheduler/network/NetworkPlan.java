package io.flotilla.scheduler.network;

import io.flotilla.bus.Messages;
import io.flotilla.model.DesiredState;
import io.flotilla.model.Ipv4Cidr;
import io.flotilla.model.Network;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.Node;
import io.flotilla.model.PortConfig;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.StackLabels;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which node needs which overlay network, and what a node is told about each. A node needs a
 * network while a live task assigned to it is on that network; every node needs the ingress
 * network while any service publishes a port through the routing mesh, so that every node can
 * answer on that port. Networks are looked up by id, name or unambiguous id prefix.
 */
public final class NetworkPlan {
  private NetworkPlan() {}

  public static Optional<Network> find(Collection<Network> networks, String ref) {
    for (Network n : networks) {
      if (n.id().equals(ref)) {
        return Optional.of(n);
      }
    }
    for (Network n : networks) {
      if (n.name().equals(ref)) {
        return Optional.of(n);
      }
    }
    List<Network> byPrefix = networks.stream().filter(n -> n.id().startsWith(ref)).toList();
    return byPrefix.size() == 1 ? Optional.of(byPrefix.get(0)) : Optional.empty();
  }

  public static Optional<Network> ingress(Collection<Network> networks) {
    return networks.stream().filter(Network::ingress).findFirst();
  }

  /** The ids of the networks a service's tasks join: its own, then ingress if it publishes through the mesh. */
  public static List<String> networksOf(ServiceSpec spec, Collection<Network> networks) {
    Set<String> ids = new LinkedHashSet<>();
    for (String ref : spec.networks()) {
      find(networks, ref).ifPresent(n -> ids.add(n.id()));
    }
    if (spec.publishesIngress()) {
      ingress(networks).ifPresent(n -> ids.add(n.id()));
    }
    return List.copyOf(ids);
  }

  private static boolean live(Task t) {
    return t.nodeId() != null && (t.desiredState() == DesiredState.RUNNING || !t.state().isTerminal());
  }

  /** Network id to the ids of the nodes that need it. */
  public static Map<String, Set<String>> needs(Map<String, Service> services, Collection<Task> tasks,
      Collection<Network> networks, Collection<Node> nodes) {
    Map<String, Set<String>> needs = new HashMap<>();
    for (Task t : tasks) {
      Service service = services.get(t.serviceId());
      if (service == null || !live(t)) {
        continue;
      }
      for (String id : networksOf(service.spec(), networks)) {
        needs.computeIfAbsent(id, k -> new TreeSet<>()).add(t.nodeId());
      }
    }
    boolean meshInUse = services.values().stream().anyMatch(s -> s.spec().publishesIngress());
    ingress(networks).filter(n -> meshInUse).ifPresent(n -> nodes.forEach(node ->
        needs.computeIfAbsent(n.id(), k -> new TreeSet<>()).add(node.id())));
    return needs;
  }

  /** The networks that gain an address range for a node that needs them and had none. */
  public static List<Network> allocateRanges(Collection<Network> networks, Map<String, Set<String>> needs) {
    List<Network> changed = new ArrayList<>();
    for (Network network : networks) {
      Network next = network;
      for (String nodeId : needs.getOrDefault(network.id(), Set.of())) {
        if (!next.nodeRanges().containsKey(nodeId)) {
          List<Ipv4Cidr> taken = next.nodeRanges().values().stream().map(Ipv4Cidr::parse).toList();
          next = next.withNodeRange(nodeId, Ipam.pickNodeRange(Ipv4Cidr.parse(next.subnet()), taken).toString());
        }
      }
      if (next != network) {
        changed.add(next);
      }
    }
    return changed;
  }

  /** What a node is told about each network it needs and has a range of. */
  public static List<Messages.NodeNetwork> forNode(String nodeId, Collection<Network> networks,
      Map<String, Set<String>> needs, Map<String, Node> nodes, Map<String, Service> services, Collection<Task> tasks) {
    List<Messages.NodeNetwork> result = new ArrayList<>();
    for (Network network : networks.stream().sorted(Comparator.comparing(Network::vni)).toList()) {
      String range = network.nodeRanges().get(nodeId);
      if (range == null || !needs.getOrDefault(network.id(), Set.of()).contains(nodeId)) {
        continue;
      }
      List<String> peers = needs.get(network.id()).stream()
          .filter(id -> !id.equals(nodeId))
          .map(nodes::get)
          .filter(n -> n != null && network.nodeRanges().containsKey(n.id()))
          .map(Node::address)
          .distinct().sorted().toList();
      result.add(new Messages.NodeNetwork(network.id(), network.name(), network.vni(), network.subnet(), range,
          Ipam.gateway(Ipv4Cidr.parse(range)), peers, endpoints(network, services, tasks)));
    }
    return result;
  }

  private static List<Messages.Endpoint> endpoints(Network network, Map<String, Service> services,
      Collection<Task> tasks) {
    return tasks.stream()
        .filter(t -> t.state() == TaskState.RUNNING && t.desiredState() == DesiredState.RUNNING)
        .filter(t -> t.addresses().containsKey(network.name()) && services.containsKey(t.serviceId()))
        .sorted(Comparator.comparing(Task::serviceName).thenComparing(Task::slot).thenComparing(Task::id))
        .flatMap(t -> namesOf(services.get(t.serviceId())).stream()
            .map(name -> new Messages.Endpoint(name, t.id(), t.addresses().get(network.name()))))
        .toList();
  }

  /** A service answers to its name and, in a stack, to its name in the compose file, as in Swarm. */
  private static List<String> namesOf(Service service) {
    String stack = StackLabels.stackOf(service.spec().labels());
    if (stack != null && service.name().startsWith(stack + "_")) {
      return List.of(service.name(), service.name().substring(stack.length() + 1));
    }
    return List.of(service.name());
  }

  /** The routing mesh's ports, each with the ingress addresses of the service's running tasks. */
  public static List<Messages.IngressRoute> ingressRoutes(Map<String, Service> services, Collection<Task> tasks,
      Collection<Network> networks) {
    Optional<Network> ingress = ingress(networks);
    if (ingress.isEmpty()) {
      return List.of();
    }
    List<Messages.IngressRoute> routes = new ArrayList<>();
    for (Service service : services.values().stream().sorted(Comparator.comparing(Service::name)).toList()) {
      List<String> backends = tasks.stream()
          .filter(t -> t.serviceId().equals(service.id()) && t.state() == TaskState.RUNNING
              && t.desiredState() == DesiredState.RUNNING && t.addresses().containsKey(NetworkSpec.INGRESS))
          .sorted(Comparator.comparing(Task::slot).thenComparing(Task::id))
          .map(t -> t.addresses().get(NetworkSpec.INGRESS))
          .toList();
      for (PortConfig port : service.spec().ports()) {
        if (port.published() != null && port.mode() == PortConfig.PublishMode.INGRESS
            && port.protocol() == PortConfig.Protocol.TCP) {
          routes.add(new Messages.IngressRoute(service.name(), port.published(), port.target(), backends));
        }
      }
    }
    return routes;
  }

  /** A new network: the subnet asked for, or the pool's first free one, and the lowest free VXLAN id. */
  public static Network create(String id, NetworkSpec spec, boolean ingress, Collection<Network> existing,
      Ipv4Cidr pool, Instant now) {
    List<Ipv4Cidr> taken = existing.stream().map(n -> Ipv4Cidr.parse(n.subnet())).toList();
    Ipv4Cidr subnet;
    if (spec.subnet() != null) {
      subnet = Ipv4Cidr.parse(spec.subnet());
      for (Network n : existing) {
        if (Ipv4Cidr.parse(n.subnet()).overlaps(subnet)) {
          throw new SubnetTakenException("subnet " + subnet + " overlaps network '" + n.name() + "' (" + n.subnet() + ")");
        }
      }
    } else {
      subnet = Ipam.pickSubnet(pool, Math.max(pool.prefix(), Ipam.DEFAULT_NETWORK_PREFIX), taken);
    }
    Set<Integer> vnis = new TreeSet<>();
    existing.forEach(n -> vnis.add(n.vni()));
    return new Network(id, spec, Ipam.pickVni(vnis), subnet.toString(), Map.of(), ingress, now);
  }

  /** The subnet asked for is in use by another network. */
  public static final class SubnetTakenException extends RuntimeException {
    public SubnetTakenException(String message) {
      super(message);
    }
  }

  /**
   * Why {@code spec} cannot publish its ports: a port published through the routing mesh answers
   * on every node, so no other service may publish it, in either mode.
   */
  public static Optional<String> portTaken(ServiceSpec spec, String exceptServiceId, Collection<Service> services) {
    for (PortConfig port : spec.ports()) {
      if (port.published() == null) {
        continue;
      }
      for (Service other : services) {
        if (other.id().equals(exceptServiceId)) {
          continue;
        }
        boolean clash = other.spec().ports().stream().anyMatch(p -> port.published().equals(p.published())
            && p.protocol() == port.protocol()
            && (p.mode() == PortConfig.PublishMode.INGRESS || port.mode() == PortConfig.PublishMode.INGRESS));
        if (clash) {
          return Optional.of("port " + port.published() + "/" + port.protocol().json()
              + " is already published by service '" + other.name() + "'");
        }
      }
    }
    return Optional.empty();
  }

  /** The names of the networks a service's tasks join, in order. */
  public static List<String> networkNamesOf(ServiceSpec spec, Collection<Network> networks) {
    Map<String, String> names = new HashMap<>();
    networks.forEach(n -> names.put(n.id(), n.name()));
    return networksOf(spec, networks).stream().map(names::get).toList();
  }

  /** The services that name a network, so it cannot go away under them. */
  public static List<String> usersOf(Network network, Collection<Service> services, Collection<Network> networks) {
    return services.stream()
        .filter(s -> networksOf(s.spec(), networks).contains(network.id()))
        .map(Service::name).sorted().toList();
  }
}
