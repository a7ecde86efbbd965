package io.flotilla.gateway.compose;

import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.ServiceSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compose file as Flotilla deploys it. Services are named {@code <stack>_<service>} and
 * networks {@code <stack>_<network>}, as in Swarm ({@code networks} are those the deploy creates;
 * {@code externalNetworks} names those it joins and the cluster must have already); {@code volumes} are the named volumes the
 * file declares, by the names it uses (the mounts name them {@code <stack>_<volume>} on the
 * engines, unless external or named). {@code startAfter} maps a service to the services it must
 * wait for ({@code depends_on}), by their full names; services without dependencies are absent.
 * {@code warnings} name each key of the file that Flotilla ignores, by its key path.
 */
public record StackSpec(String name, List<ServiceSpec> services, List<NetworkSpec> networks,
    List<String> externalNetworks, List<String> volumes,
    Map<String, List<String>> startAfter, List<String> warnings) {

  public StackSpec {
    if (name == null || name.isBlank()) {
      throw new InvalidSpecException("name", "is required");
    }
    services = services == null ? List.of() : List.copyOf(services);
    networks = networks == null ? List.of() : List.copyOf(networks);
    externalNetworks = externalNetworks == null ? List.of() : List.copyOf(externalNetworks);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    (startAfter == null ? Map.<String, List<String>>of() : startAfter).forEach((k, v) -> copy.put(k, List.copyOf(v)));
    startAfter = Collections.unmodifiableMap(copy);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
