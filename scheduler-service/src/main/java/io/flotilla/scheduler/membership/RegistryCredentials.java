package io.flotilla.scheduler.membership;

import io.flotilla.bus.Json;
import io.flotilla.model.ImageReferences;
import io.flotilla.model.RegistryAuth;
import io.flotilla.model.ServiceSpec;
import io.flotilla.security.SecretBox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials between the API and the agents: sealed under the cluster secret for the
 * replicated state, opened for the assignment of a task whose image comes from their registry.
 */
public final class RegistryCredentials {
  /** The bus header in which the gateway hands a write's credentials, by registry, to its own manager. */
  public static final String HEADER = "flotilla-registry-auth";
  private static final String PURPOSE = "registry-auth";

  private final SecretBox box;

  public RegistryCredentials(ClusterSecret cluster) {
    this.box = new SecretBox(cluster.secret(), PURPOSE);
  }

  /** What a header carries (a JSON list of {@link RegistryAuth}): the credentials by registry. */
  public static Map<String, RegistryAuth> parse(String header) {
    Map<String, RegistryAuth> byRegistry = new LinkedHashMap<>();
    if (header != null && !header.isBlank()) {
      for (RegistryAuth auth : Json.decode(header, RegistryAuth[].class)) {
        byRegistry.put(auth.registry(), auth);
      }
    }
    return byRegistry;
  }

  /**
   * Each service's sealed credentials for its image's registry; a service whose registry has
   * none gets null (clearing any it had) when {@code clearOthers}, else is left out.
   */
  public Map<String, String> sealFor(List<ServiceSpec> services, Map<String, RegistryAuth> byRegistry,
      boolean clearOthers) {
    Map<String, String> sealed = new LinkedHashMap<>();
    for (ServiceSpec spec : services) {
      RegistryAuth auth = byRegistry.get(ImageReferences.registryOf(spec.image()));
      if (auth != null) {
        sealed.put(spec.name(), box.seal(Json.encode(auth)));
      } else if (clearOthers) {
        sealed.put(spec.name(), null);
      }
    }
    return sealed;
  }

  /**
   * The credentials a task of {@code spec} pulls with: only for an image pulled from the
   * registry they were given for (a built image is not pulled at all).
   */
  public Optional<RegistryAuth> forPull(ServiceSpec spec, Optional<String> sealed) {
    if (sealed.isEmpty() || ImageReferences.builtImageId(spec).isPresent()) {
      return Optional.empty();
    }
    RegistryAuth auth;
    try {
      auth = Json.decode(box.open(sealed.get()), RegistryAuth.class);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return auth.registry().equals(ImageReferences.registryOf(spec.image())) ? Optional.of(auth) : Optional.empty();
  }
}
