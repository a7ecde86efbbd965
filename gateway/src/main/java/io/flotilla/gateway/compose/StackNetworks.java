package io.flotilla.gateway.compose;

import io.flotilla.model.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code networks}: overlay networks named {@code <stack>_<name>}, with the subnet
 * of {@code ipam.config[0]} and their labels. The {@code default} network exists whether or not
 * the file declares it. An {@code external} network is one the cluster has already (made by
 * {@code network create} or another stack), joined by its {@code name} or else its key, and
 * neither created nor removed with the stack.
 */
final class StackNetworks {
  private static final Set<String> SUPPORTED = Set.of("driver", "external", "name", "ipam", "labels");

  private StackNetworks() {}

  /**
   * The networks a file declares: {@code byKey} maps the name the file uses to the network, the
   * stack's own and external ones alike; {@code external} holds the cluster names of the latter.
   */
  record Declared(Map<String, NetworkSpec> byKey, Set<String> external) {}

  static Declared parse(String stack, Value networks, Warnings warnings) {
    Map<String, NetworkSpec> specs = new LinkedHashMap<>();
    Set<String> external = new LinkedHashSet<>();
    for (Map.Entry<String, Value> e : networks.entries().entrySet()) {
      if (e.getKey().startsWith("x-")) {
        continue;
      }
      Value network = e.getValue();
      if (!network.isAbsent() && !network.isMapping()) {
        throw network.mustBe("a mapping or empty");
      }
      if (isExternal(network)) {
        NetworkSpec spec = externalNetwork(e.getKey(), network, warnings);
        specs.put(e.getKey(), spec);
        external.add(spec.name());
      } else {
        Value name = network.get("name");
        specs.put(e.getKey(), network(name.isAbsent() ? ComposeFile.scoped(stack, e.getKey()) : name.text(), network,
            warnings));
      }
    }
    specs.computeIfAbsent(ServiceNetworks.DEFAULT,
        name -> new NetworkSpec(ComposeFile.scoped(stack, name), null, Map.of()));
    return new Declared(specs, external);
  }

  /** {@code external: true}, or the older {@code external: {name: N}}. */
  private static boolean isExternal(Value network) {
    Value external = network.get("external");
    return external.isMapping() || !external.isAbsent() && external.bool();
  }

  /** Joined by {@code name} (or {@code external.name}, or else its key); other settings are the network's own. */
  private static NetworkSpec externalNetwork(String key, Value network, Warnings warnings) {
    Value external = network.get("external");
    Value name = network.get("name");
    if (external.isMapping()) {
      warnings.otherKeys(external, Set.of("name"));
      name = external.get("name").isAbsent() ? name : external.get("name");
    }
    network.entries().forEach((setting, value) -> {
      if (!Set.of("external", "name").contains(setting) && !setting.startsWith("x-")) {
        warnings.add(value.path(), "ignored: an external network keeps the settings it was made with");
      }
    });
    Value named = name.isAbsent() ? network : name;
    String clusterName = name.isAbsent() ? key : name.text();
    return named.build(() -> new NetworkSpec(clusterName, null, Map.of()));
  }

  private static NetworkSpec network(String name, Value network, Warnings warnings) {
    warnings.otherKeys(network, SUPPORTED);
    Value driver = network.get("driver");
    if (!driver.isAbsent() && !driver.text().equals("overlay")) {
      warnings.add(driver.path(),
          "'" + driver.text() + "' not supported, ignored; stack networks are overlay networks");
    }
    Map<String, String> labels = KeyValues.labels(network.get("labels"));
    NetworkSpec spec = network.build(() -> new NetworkSpec(name, null, labels));
    Value subnet = subnet(network.get("ipam"), warnings);
    return subnet.isAbsent() ? spec : subnet.build(() -> new NetworkSpec(name, subnet.text(), labels));
  }

  /** {@code ipam.config[0].subnet}; the rest of ipam is ignored, with warnings. */
  private static Value subnet(Value ipam, Warnings warnings) {
    if (ipam.isAbsent()) {
      return ipam;
    }
    if (!ipam.isMapping()) {
      throw ipam.mustBe("a mapping");
    }
    warnings.otherKeys(ipam, Set.of("config"));
    List<Value> configs = ipam.get("config").items();
    if (configs.isEmpty()) {
      return ipam.get("config");
    }
    for (Value extra : configs.subList(1, configs.size())) {
      warnings.add(extra.path(), "only one subnet per network is supported, ignored");
    }
    Value first = configs.get(0);
    if (!first.isMapping()) {
      throw first.mustBe("a mapping such as {subnet: 10.20.0.0/24}");
    }
    warnings.otherKeys(first, Set.of("subnet"));
    return first.get("subnet");
  }
}
