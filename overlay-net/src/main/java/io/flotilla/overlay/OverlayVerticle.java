package io.flotilla.overlay;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.overlay.dns.DnsServer;
import io.flotilla.overlay.dns.NameTable;
import io.flotilla.overlay.mesh.IngressProxy;
import io.flotilla.overlay.vxlan.Links;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay networks of one node. Told by the node's agent which networks the node needs
 * (with the other nodes on each, and where each running task answers), it makes for each a
 * Docker bridge network on the node's address range with a VXLAN interface on its bridge, and
 * removes what is no longer needed; it answers service names on each network's gateway
 * address and serves the routing mesh's ports. Kernel and Docker work runs on one worker
 * thread, in order; it is redone only when the plumbing itself changes, while DNS answers
 * and mesh backends follow every change at once.
 */
public final class OverlayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OverlayVerticle.class);
  private static final Duration MESH_CONNECT_TIMEOUT = Duration.ofMillis(500);
  private static final long RETRY_MS = 2_000;

  private final String nodeId;
  private final String localAddress;
  private final DockerNetworks docker;
  private final Links links = new Links();
  private final int dnsPort;
  /** By network id; a failed start is forgotten, so the next apply tries again. */
  private final Map<String, Future<DnsServer>> dnsServers = new HashMap<>();
  /** By published port, likewise. */
  private final Map<Integer, Future<IngressProxy>> proxies = new HashMap<>();
  private volatile Visibility names = Visibility.NONE;
  private volatile Map<Integer, List<SocketAddress>> backends = Map.of();
  private WorkerExecutor plumbing;
  private List<InetSocketAddress> upstreams = List.of();
  private String appliedPlumbing;
  private Future<Messages.OverlayState> lastPlumbed = Future.succeededFuture(new Messages.OverlayState(List.of(), Map.of()));
  private Integer mtu;

  public OverlayVerticle(String nodeId, String localAddress, DockerNetworks docker, int dnsPort) {
    this.nodeId = nodeId;
    this.localAddress = localAddress;
    this.docker = docker;
    this.dnsPort = dnsPort;
  }

  @Override
  public Future<?> start() {
    plumbing = vertx.createSharedWorkerExecutor("flotilla-overlay-" + nodeId, 1);
    return plumbing.executeBlocking(() -> DnsServer.upstreamsFrom(Path.of("/etc/resolv.conf")))
        .onSuccess(found -> upstreams = found)
        .compose(found -> vertx.eventBus().<String>localConsumer(Addresses.overlay(nodeId), this::onApply).completion());
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> closing = new ArrayList<>();
    dnsServers.values().forEach(s -> closing.add(s.compose(DnsServer::close)));
    proxies.values().forEach(p -> closing.add(p.compose(IngressProxy::close)));
    return Future.join(closing).eventually(() -> plumbing.close());
  }

  private void onApply(Message<String> message) {
    Messages.OverlayApply wanted = Bus.body(message, Messages.OverlayApply.class);
    names = Visibility.of(wanted.networks());
    backends = wanted.ingress().stream().collect(Collectors.toMap(Messages.IngressRoute::published,
        r -> r.backends().stream().map(ip -> SocketAddress.inetSocketAddress(r.target(), ip)).toList(), (a, b) -> a));
    String key = plumbingKey(wanted.networks());
    if (!key.equals(appliedPlumbing)) {
      appliedPlumbing = key;
      lastPlumbed = plumbing.executeBlocking(() -> plumb(wanted.networks()), true)
          .recover(e -> {
            appliedPlumbing = null;
            return Future.succeededFuture(new Messages.OverlayState(List.of(), Map.of("*", e.getMessage())));
          });
    }
    lastPlumbed
        .compose(state -> serveDns(wanted.networks(), state).map(state))
        .compose(state -> serveMesh(wanted.ingress()).map(state))
        .onComplete(done -> Bus.reply(message, done.succeeded() ? done.result()
            : new Messages.OverlayState(List.of(), Map.of("*", String.valueOf(done.cause())))));
  }

  private static String plumbingKey(List<Messages.NodeNetwork> networks) {
    return networks.stream().map(n -> n.id() + "," + n.vni() + "," + n.range() + "," + n.peers())
        .sorted().collect(Collectors.joining(";"));
  }

  /**
   * Runs on the plumbing thread. What is no longer wanted goes first: a new network may reuse
   * a deleted one's VXLAN id, and so its bridge name. Whatever cannot be removed yet (Docker
   * refuses while a container is still attached) is tried again a little later.
   */
  private Messages.OverlayState plumb(List<Messages.NodeNetwork> networks) {
    if (mtu == null) {
      mtu = links.overlayMtu(localAddress);
    }
    boolean leftovers = removeUnwanted(networks);
    List<String> ready = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (Messages.NodeNetwork n : networks) {
      try {
        String bridge = Links.bridgeName(n.vni());
        docker.ensureNetwork(new DockerNetworks.Definition(DockerNetworks.dockerName(n.name()), n.id(), n.subnet(), n.range(),
            n.gateway(), bridge, mtu));
        links.ensure(n.vni(), bridge, localAddress, mtu, n.peers());
        ready.add(n.name());
      } catch (RuntimeException e) {
        LOG.warn("overlay network {} is not ready on this node: {}", n.name(), e.getMessage());
        failed.put(n.name(), e.getMessage());
      }
    }
    if (leftovers) {
      vertx.setTimer(RETRY_MS, id -> retryPlumbing(networks));
    }
    return new Messages.OverlayState(ready, failed);
  }

  /** Removes the Docker networks and VXLAN interfaces not wanted here; true when some are left. */
  private boolean removeUnwanted(List<Messages.NodeNetwork> networks) {
    Map<String, Integer> wanted = networks.stream()
        .collect(Collectors.toMap(n -> DockerNetworks.dockerName(n.name()), Messages.NodeNetwork::vni));
    boolean leftovers = false;
    for (Map.Entry<String, String> existing : docker.managedNetworks().entrySet()) {
      String name = existing.getKey();
      if (!wanted.containsKey(name) || !wantedNetworkIds(networks).contains(existing.getValue())) {
        try {
          docker.removeNetwork(name);
          LOG.info("removed Docker network {}: no task here needs it", name);
        } catch (RuntimeException e) {
          LOG.info("cannot remove Docker network {} yet: {}", name, e.getMessage());
          leftovers = true;
        }
      }
    }
    for (int vni : links.present()) {
      if (!wanted.containsValue(vni)) {
        try {
          links.remove(vni);
          LOG.info("removed VXLAN {} and its bridge", vni);
        } catch (RuntimeException e) {
          LOG.info("cannot remove VXLAN {} yet: {}", vni, e.getMessage());
          leftovers = true;
        }
      }
    }
    return leftovers;
  }

  private static Set<String> wantedNetworkIds(List<Messages.NodeNetwork> networks) {
    return networks.stream().map(Messages.NodeNetwork::id).collect(Collectors.toSet());
  }

  private void retryPlumbing(List<Messages.NodeNetwork> networks) {
    if (plumbingKey(networks).equals(appliedPlumbing)) {
      lastPlumbed = plumbing.executeBlocking(() -> plumb(networks), true);
    }
  }

  private Future<Void> serveDns(List<Messages.NodeNetwork> networks, Messages.OverlayState state) {
    List<Future<?>> changes = new ArrayList<>();
    Map<String, Messages.NodeNetwork> byId = networks.stream()
        .filter(n -> state.ready().contains(n.name()))
        .collect(Collectors.toMap(Messages.NodeNetwork::id, n -> n));
    for (String id : List.copyOf(dnsServers.keySet())) {
      if (!byId.containsKey(id)) {
        changes.add(dnsServers.remove(id).compose(DnsServer::close));
      }
    }
    for (Messages.NodeNetwork n : byId.values()) {
      if (!dnsServers.containsKey(n.id())) {
        String id = n.id();
        Function<String, NameTable> visible = client -> names.from(id, client);
        Future<DnsServer> server = DnsServer.start(vertx, n.gateway(), dnsPort, visible, upstreams)
            .onFailure(e -> {
              dnsServers.remove(id);
              LOG.warn("no service discovery on network {}: cannot listen on {}:{}: {}", n.name(), n.gateway(),
                  dnsPort, e.getMessage());
            });
        dnsServers.put(id, server);
        changes.add(server);
      }
    }
    return Future.join(changes).otherwiseEmpty().mapEmpty();
  }

  private Future<Void> serveMesh(List<Messages.IngressRoute> routes) {
    List<Future<?>> changes = new ArrayList<>();
    Set<Integer> ports = routes.stream().map(Messages.IngressRoute::published).collect(Collectors.toSet());
    for (Integer port : List.copyOf(proxies.keySet())) {
      if (!ports.contains(port)) {
        changes.add(proxies.remove(port).compose(IngressProxy::close));
      }
    }
    for (Integer port : ports) {
      if (!proxies.containsKey(port)) {
        Future<IngressProxy> proxy = IngressProxy.start(vertx, "0.0.0.0", port,
                () -> backends.getOrDefault(port, List.of()), MESH_CONNECT_TIMEOUT)
            .onSuccess(p -> LOG.info("routing mesh: port {} answers on this node", port))
            .onFailure(e -> {
              proxies.remove(port);
              LOG.warn("routing mesh: cannot listen on port {}: {}", port, e.getMessage());
            });
        proxies.put(port, proxy);
        changes.add(proxy);
      }
    }
    return Future.join(changes).otherwiseEmpty().mapEmpty();
  }
}
