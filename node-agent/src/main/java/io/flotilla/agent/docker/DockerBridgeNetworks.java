package io.flotilla.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import io.flotilla.overlay.DockerNetworks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Overlay networks' Docker side through docker-java: one labelled bridge network each. */
final class DockerBridgeNetworks implements DockerNetworks {
  private static final String NETWORK_LABEL = "flotilla.network.id";

  private final DockerClient client;

  DockerBridgeNetworks(DockerClient client) {
    this.client = client;
  }

  @Override
  public void ensureNetwork(Definition network) {
    Optional<Network> existing = client.listNetworksCmd().withNameFilter(network.name()).exec().stream()
        .filter(n -> n.getName().equals(network.name())).findFirst();
    if (existing.isPresent()) {
      if (sameAddressing(existing.get(), network)) {
        return;
      }
      removeNetwork(network.name());
    }
    client.createNetworkCmd()
        .withName(network.name())
        .withDriver("bridge")
        .withCheckDuplicate(true)
        .withLabels(Map.of(NETWORK_LABEL, network.networkId()))
        .withOptions(Map.of("com.docker.network.bridge.name", network.bridge(),
            "com.docker.network.driver.mtu", String.valueOf(network.mtu())))
        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config()
            .withSubnet(network.subnet()).withIpRange(network.range()).withGateway(network.gateway())))
        .exec();
  }

  private static boolean sameAddressing(Network existing, Definition wanted) {
    if (existing.getLabels() == null || !wanted.networkId().equals(existing.getLabels().get(NETWORK_LABEL))
        || existing.getIpam() == null || existing.getIpam().getConfig() == null) {
      return false;
    }
    return existing.getIpam().getConfig().stream().anyMatch(c -> wanted.subnet().equals(c.getSubnet())
        && wanted.range().equals(c.getIpRange()) && wanted.gateway().equals(c.getGateway()));
  }

  @Override
  public void removeNetwork(String name) {
    try {
      client.removeNetworkCmd(name).exec();
    } catch (NotFoundException e) {
      // already gone
    }
  }

  @Override
  public Map<String, String> managedNetworks() {
    Map<String, String> managed = new TreeMap<>();
    client.listNetworksCmd().withFilter("label", List.of(NETWORK_LABEL)).exec()
        .forEach(n -> managed.put(n.getName(), n.getLabels().get(NETWORK_LABEL)));
    return managed;
  }
}
