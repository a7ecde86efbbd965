package io.flotilla.gateway.compose;

import io.flotilla.model.InvalidSpecException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's {@code depends_on}: the services of the file that must start (list form,
 * {@code service_started}) or be healthy ({@code service_healthy}) before it starts. Flotilla
 * counts a task as running only once it is healthy, so both wait for the same thing.
 */
final class DependsOn {
  private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
      "service_completed_successfully");

  private DependsOn() {}

  /** The names (as in the file) of the services {@code service} waits for. */
  static List<String> parse(String service, Value dependsOn, Set<String> services, Warnings warnings) {
    Set<String> names = new LinkedHashSet<>();
    if (dependsOn.isSequence()) {
      for (Value item : dependsOn.items()) {
        names.add(known(dependsOn, item.text(), service, services));
      }
    } else {
      for (Map.Entry<String, Value> e : dependsOn.entries().entrySet()) {
        names.add(known(dependsOn, e.getKey(), service, services));
        condition(e.getValue(), warnings);
      }
    }
    return List.copyOf(names);
  }

  private static void condition(Value dependency, Warnings warnings) {
    if (!dependency.isAbsent() && !dependency.isMapping()) {
      throw dependency.mustBe("a mapping such as {condition: service_healthy}");
    }
    warnings.otherKeys(dependency, Set.of("condition"));
    Value condition = dependency.get("condition");
    if (condition.isAbsent()) {
      return;
    }
    String name = condition.text();
    if (!CONDITIONS.contains(name)) {
      throw condition.error("must be service_started, service_healthy or service_completed_successfully, not '"
          + name + "'");
    }
    if (name.equals("service_completed_successfully")) {
      warnings.add(condition.path(), "service_completed_successfully not supported, treated as service_started");
    }
  }

  private static String known(Value at, String name, String service, Set<String> services) {
    if (name.equals(service)) {
      throw at.error("a service cannot depend on itself ('" + name + "')");
    }
    if (!services.contains(name)) {
      throw at.error("no service named '" + name + "' in this file");
    }
    return name;
  }

  /** Rejects services that wait for each other in a circle: none of them would ever start. */
  static void checkNoCycle(Map<String, List<String>> dependsOn) {
    Set<String> cleared = new HashSet<>();
    for (String service : dependsOn.keySet()) {
      List<String> chain = new ArrayList<>();
      findCycle(service, dependsOn, cleared, chain);
    }
  }

  private static void findCycle(String service, Map<String, List<String>> dependsOn, Set<String> cleared,
      List<String> chain) {
    if (cleared.contains(service)) {
      return;
    }
    int seen = chain.indexOf(service);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(chain.subList(seen, chain.size()));
      cycle.add(service);
      throw new InvalidSpecException("services." + service + ".depends_on",
          "services wait for each other in a circle: " + String.join(" -> ", cycle));
    }
    chain.add(service);
    for (String dependency : dependsOn.getOrDefault(service, List.of())) {
      findCycle(dependency, dependsOn, cleared, chain);
    }
    chain.remove(chain.size() - 1);
    cleared.add(service);
  }
}
