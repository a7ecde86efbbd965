package io.flotilla.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compose's {@code profiles}: a service that names profiles is deployed only when one of them is active
 * ({@code --profile}, else {@code COMPOSE_PROFILES}; {@code *} activates all); a service without profiles
 * always is. An enabled service that depends on a disabled one is an error that says which profile to add.
 */
final class Profiles {
  private Profiles() {}

  static void apply(ObjectNode root, List<String> active) {
    JsonNode services = root.get("services");
    if (services == null || !services.isObject()) {
      return;
    }
    Map<String, List<String>> disabled = new TreeMap<>();
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode service = services.get(name);
      if (!service.isObject()) {
        continue;
      }
      JsonNode profiles = ((ObjectNode) service).remove("profiles");
      if (profiles == null || profiles.isNull() || profiles.isEmpty()) {
        continue;
      }
      List<String> own = new ArrayList<>();
      (profiles.isArray() ? profiles : List.of(profiles)).forEach(p -> own.add(p.asText()));
      if (!active.contains("*") && own.stream().noneMatch(active::contains)) {
        disabled.put(name, own);
        ((ObjectNode) services).remove(name);
      }
    }
    services.fields().forEachRemaining(e -> {
      JsonNode dependsOn = e.getValue().path("depends_on");
      List<String> dependencies = new ArrayList<>();
      if (dependsOn.isArray()) {
        dependsOn.forEach(d -> dependencies.add(d.asText()));
      } else {
        dependsOn.fieldNames().forEachRemaining(dependencies::add);
      }
      for (String dependency : dependencies) {
        if (disabled.containsKey(dependency)) {
          throw new ComposeException("services." + e.getKey() + ".depends_on", "service " + dependency
              + " is not enabled: it has profiles " + disabled.get(dependency) + "; add --profile "
              + disabled.get(dependency).get(0));
        }
      }
    });
  }
}
