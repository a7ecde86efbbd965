package io.flotilla.gateway.compose;

import io.flotilla.model.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's {@code networks}, as a list of names or a mapping of names to settings (which
 * Flotilla ignores). A service that names none joins the stack's {@code default} network.
 */
final class ServiceNetworks {
  static final String DEFAULT = "default";

  private ServiceNetworks() {}

  /** The networks' full names; {@code stackNetworks} maps each name the file may use to its network. */
  static List<String> parse(Value networks, Map<String, NetworkSpec> stackNetworks, Warnings warnings) {
    List<String> names = new ArrayList<>();
    if (networks.isSequence()) {
      for (Value item : networks.items()) {
        names.add(known(item, item.text(), stackNetworks));
      }
    } else {
      for (Map.Entry<String, Value> e : networks.entries().entrySet()) {
        Value settings = e.getValue();
        if (!settings.isAbsent() && !settings.isMapping()) {
          throw settings.mustBe("a mapping or empty");
        }
        warnings.otherKeys(settings, Set.of());
        names.add(known(settings, e.getKey(), stackNetworks));
      }
    }
    if (names.isEmpty()) {
      names.add(stackNetworks.get(DEFAULT).name());
    }
    return names;
  }

  private static String known(Value at, String name, Map<String, NetworkSpec> stackNetworks) {
    NetworkSpec network = stackNetworks.get(name);
    if (network == null) {
      throw at.error("network '" + name + "' is not declared in the top-level networks key");
    }
    return network.name();
  }
}
