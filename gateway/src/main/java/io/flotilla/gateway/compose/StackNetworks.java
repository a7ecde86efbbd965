package io.flotilla.gateway.compose;

import io.flotilla.model.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code networks}: overlay networks named {@code <stack>_<name>}, with the subnet
 * of {@code ipam.config[0]} and their labels. The {@code default} network exists whether or not
 * the file declares it. External networks are rejected: the stack must own its networks.
 */
final class StackNetworks {
  private static final Set<String> SUPPORTED = Set.of("driver", "external", "ipam", "labels");

  private StackNetworks() {}

  /** Each network by the name the file uses for it. */
  static Map<String, NetworkSpec> parse(String stack, Value networks, Warnings warnings) {
    Map<String, NetworkSpec> specs = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : networks.entries().entrySet()) {
      if (!e.getKey().startsWith("x-")) {
        specs.put(e.getKey(), network(ComposeFile.scoped(stack, e.getKey()), e.getValue(), warnings));
      }
    }
    specs.computeIfAbsent(ServiceNetworks.DEFAULT,
        name -> new NetworkSpec(ComposeFile.scoped(stack, name), null, Map.of()));
    return specs;
  }

  private static NetworkSpec network(String name, Value network, Warnings warnings) {
    if (!network.isAbsent() && !network.isMapping()) {
      throw network.mustBe("a mapping or empty");
    }
    warnings.otherKeys(network, SUPPORTED);
    Value external = network.get("external");
    if (!external.isAbsent() && (!external.isText() || external.bool())) {
      throw external.error("external networks are not supported; let the stack create its networks");
    }
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
