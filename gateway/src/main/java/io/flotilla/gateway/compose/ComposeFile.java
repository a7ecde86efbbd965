package io.flotilla.gateway.compose;

import io.flotilla.model.FileKind;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.PortConfig;
import io.flotilla.model.ServiceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a compose file into a {@link StackSpec}, the way {@code docker stack deploy} reads it.
 * An invalid file is an {@link InvalidSpecException} naming the key at fault (e.g.
 * {@code services.web.deploy.replicas}); a key Flotilla does not support is a warning, never
 * an error and never silently dropped.
 */
public final class ComposeFile {
  private static final Pattern STACK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
  // version is obsolete in Compose: accepted and ignored without a word.
  private static final Set<String> TOP_LEVEL = Set.of("version", "services", "networks", "volumes", "secrets",
      "configs");

  private ComposeFile() {}

  /**
   * @param readEnvFile the content of an {@code env_file} by its path as written in the file,
   *     or empty when there is no such file
   */
  public static StackSpec parse(String stackName, String yaml, Function<String, Optional<String>> readEnvFile) {
    return parse(stackName, yaml, readEnvFile, Map.of());
  }

  /** {@code built}: the images {@code --build} built, by the file's service name. */
  public static StackSpec parse(String stackName, String yaml, Function<String, Optional<String>> readEnvFile,
      Map<String, BuiltImage> built) {
    if (stackName == null || !STACK_NAME.matcher(stackName).matches()) {
      throw new InvalidSpecException("name", "a stack name must start with a letter or digit and contain only"
          + " letters, digits, '_', '.' or '-' (at most 63 characters), not '" + stackName + "'");
    }
    Value root = Value.root(YamlTree.read(yaml));
    if (!root.isMapping()) {
      throw new InvalidSpecException("compose", "must be a mapping with a services key, not " + root.describe());
    }
    Warnings warnings = new Warnings();
    warnings.otherKeys(root, TOP_LEVEL);
    StackNetworks.Declared declared = StackNetworks.parse(stackName, root.get("networks"), warnings);
    Map<String, NetworkSpec> networks = declared.byKey();
    Map<String, String> volumes = StackVolumes.parse(stackName, root.get("volumes"), warnings);
    Map<String, Value> services = root.get("services").entries();
    if (services.isEmpty()) {
      throw new InvalidSpecException("services", "is required: a stack needs at least one service");
    }
    ServiceReader.Stack stack = new ServiceReader.Stack(stackName, networks, volumes, readEnvFile,
        StackFileObjects.declared(stackName, root.get("secrets"), FileKind.SECRET, warnings),
        StackFileObjects.declared(stackName, root.get("configs"), FileKind.CONFIG, warnings), built);
    List<ServiceSpec> specs = new ArrayList<>();
    Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : services.entrySet()) {
      specs.add(ServiceReader.read(stack, e.getKey(), e.getValue(), warnings));
      List<String> dependencies = DependsOn.parse(e.getKey(), e.getValue().get("depends_on"), services.keySet(),
          warnings);
      if (!dependencies.isEmpty()) {
        dependsOn.put(e.getKey(), dependencies);
      }
    }
    DependsOn.checkNoCycle(dependsOn);
    checkPublishedPortsDistinct(List.copyOf(services.keySet()), specs);
    Map<String, List<String>> startAfter = new LinkedHashMap<>();
    dependsOn.forEach((service, dependencies) -> startAfter.put(scoped(stackName, service),
        dependencies.stream().map(d -> scoped(stackName, d)).toList()));
    List<NetworkSpec> used = usedNetworks(root.get("networks"), declared, specs, warnings);
    return new StackSpec(stackName, specs,
        used.stream().filter(n -> !declared.external().contains(n.name())).toList(),
        used.stream().map(NetworkSpec::name).filter(declared.external()::contains).toList(),
        List.copyOf(volumes.keySet()), startAfter, warnings.list());
  }

  /** The name of a stack's service, network or volume on the cluster, as in Swarm. */
  static String scoped(String stack, String name) {
    return stack + "_" + name;
  }

  /**
   * Only the networks some service joins are created or required, as in Swarm; a stack's own that
   * nobody joins gets a warning.
   */
  private static List<NetworkSpec> usedNetworks(Value declared, StackNetworks.Declared networks,
      List<ServiceSpec> services, Warnings warnings) {
    Set<String> joined = new HashSet<>();
    services.forEach(s -> joined.addAll(s.networks()));
    List<NetworkSpec> used = new ArrayList<>();
    networks.byKey().forEach((name, network) -> {
      if (joined.contains(network.name())) {
        used.add(network);
      } else if (declared.isMapping() && declared.node().has(name) && !networks.external().contains(network.name())) {
        warnings.add(declared.get(name).path(), "no service joins this network; not created");
      }
    });
    return used;
  }

  /** Two services of one stack cannot publish the same port through the routing mesh: it answers on every node. */
  private static void checkPublishedPortsDistinct(List<String> names, List<ServiceSpec> specs) {
    Map<String, String> publisher = new HashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      for (PortConfig port : specs.get(i).ports()) {
        if (port.published() == null || port.mode() != PortConfig.PublishMode.INGRESS) {
          continue;
        }
        String key = port.published() + "/" + port.protocol().json();
        String other = publisher.putIfAbsent(key, names.get(i));
        if (other != null) {
          throw new InvalidSpecException("services." + names.get(i) + ".ports",
              "port " + key + " is already published by service " + other);
        }
      }
    }
  }
}
