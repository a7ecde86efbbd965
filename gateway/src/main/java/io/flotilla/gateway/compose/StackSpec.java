package io.flotilla.gateway.compose;

import io.flotilla.model.NetworkSpec;
import io.flotilla.model.ServiceSpec;
import java.util.List;
import java.util.Map;

/**
 * A compose file read as a stack: services named {@code <stack>_<service>} and networks
 * {@code <stack>_<network>} as in Swarm, the named volumes it declares, for each service the
 * services it must start after, and a warning for every key Flotilla does not support.
 */
public record StackSpec(String name, List<ServiceSpec> services, List<NetworkSpec> networks, List<String> volumes,
    Map<String, List<String>> startAfter, List<String> warnings) {

  public StackSpec {
    services = List.copyOf(services);
    networks = List.copyOf(networks);
    volumes = List.copyOf(volumes);
    startAfter = Map.copyOf(startAfter);
    warnings = List.copyOf(warnings);
  }
}
