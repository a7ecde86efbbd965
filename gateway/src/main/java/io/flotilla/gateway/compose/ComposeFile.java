package io.flotilla.gateway.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flotilla.model.Durations;
import io.flotilla.model.HealthCheck;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Mount;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.PlacementPreference;
import io.flotilla.model.PlacementSpec;
import io.flotilla.model.PortConfig;
import io.flotilla.model.Resources;
import io.flotilla.model.RestartPolicy;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.UpdateConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a compose file (the Compose specification's subset that makes sense on a cluster) as
 * a {@link StackSpec}. Every error names the key path at fault ({@code services.web.ports[1]});
 * every key Flotilla does not support becomes a warning with its path, never silently dropped.
 * Keys starting with {@code x-} are extensions and are ignored, as Compose does.
 */
public final class ComposeFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> SERVICE_KEYS = Set.of("image", "command", "entrypoint", "environment", "env_file",
      "ports", "networks", "volumes", "labels", "healthcheck", "deploy", "depends_on");
  private static final String DEFAULT_NETWORK = "default";

  private final String stack;
  private final Function<String, Optional<String>> readEnvFile;
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, NetworkSpec> networks = new TreeMap<>();
  private final List<String> volumes = new ArrayList<>();

  private ComposeFile(String stack, Function<String, Optional<String>> readEnvFile) {
    this.stack = stack;
    this.readEnvFile = readEnvFile;
  }

  /** Reads {@code yaml} as stack {@code stackName}; {@code readEnvFile} gives an env_file's text by its path. */
  public static StackSpec parse(String stackName, String yaml, Function<String, Optional<String>> readEnvFile) {
    try {
      new NetworkSpec(stackName, null, null);
    } catch (InvalidSpecException e) {
      throw new InvalidSpecException("name", e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
    }
    return new ComposeFile(stackName, readEnvFile).read(yaml);
  }

  private StackSpec read(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException("compose", "not valid YAML at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidSpecException("compose", "must be a mapping with a 'services' key");
    }
    root.fieldNames().forEachRemaining(key -> {
      if (!Set.of("services", "networks", "volumes", "version", "name").contains(key) && !key.startsWith("x-")) {
        warn(key, "not supported, ignored");
      }
    });
    JsonNode services = root.path("services");
    if (!services.isObject() || services.isEmpty()) {
      throw new InvalidSpecException("services", "is required: a mapping of service names to services");
    }
    readNetworks(root.path("networks"));
    readVolumes(root.path("volumes"));
    List<ServiceSpec> specs = new ArrayList<>();
    Map<String, List<String>> startAfter = new LinkedHashMap<>();
    services.fields().forEachRemaining(entry -> {
      String name = entry.getKey();
      String path = "services." + name;
      JsonNode service = object(entry.getValue(), path);
      specs.add(service(name, path, service));
      List<String> dependencies = dependsOn(path + ".depends_on", service.path("depends_on"), services);
      if (!dependencies.isEmpty()) {
        startAfter.put(scoped(name), dependencies);
      }
    });
    return new StackSpec(stack, specs, List.copyOf(networks.values()), volumes, startAfter, warnings);
  }

  private String scoped(String name) {
    return stack + "_" + name;
  }

  private void warn(String path, String why) {
    warnings.add(path + ": " + why);
  }

  // ---- top level

  private void readNetworks(JsonNode declared) {
    if (declared.isMissingNode() || declared.isNull()) {
      return;
    }
    object(declared, "networks").fields().forEachRemaining(entry -> {
      String path = "networks." + entry.getKey();
      JsonNode network = entry.getValue().isNull() ? YAML.createObjectNode() : object(entry.getValue(), path);
      if (network.path("external").asBoolean(false)) {
        throw new InvalidSpecException(path + ".external", "external networks are not supported; declare the network "
            + "in the file or create it with 'flotilla network create'");
      }
      String subnet = null;
      Map<String, String> labels = Map.of();
      var fields = network.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        String key = path + "." + field.getKey();
        switch (field.getKey()) {
          case "driver" -> {
            String driver = string(field.getValue(), key);
            if (!driver.equals("overlay")) {
              warn(key, "'" + driver + "' is not supported; the network is an overlay network");
            }
          }
          case "ipam" -> subnet = subnet(field.getValue(), key);
          case "labels" -> labels = pairs(field.getValue(), key);
          case "external" -> { }
          default -> warn(key, "not supported, ignored");
        }
      }
      String name = scoped(entry.getKey());
      String chosen = subnet;
      Map<String, String> chosenLabels = labels;
      networks.put(entry.getKey(), at(path, () -> new NetworkSpec(name, chosen, chosenLabels)));
    });
  }

  private String subnet(JsonNode ipam, String path) {
    JsonNode config = ipam.path("config");
    if (config.isArray() && !config.isEmpty() && config.get(0).has("subnet")) {
      return string(config.get(0).get("subnet"), path + ".config[0].subnet");
    }
    return null;
  }

  private void readVolumes(JsonNode declared) {
    if (declared.isMissingNode() || declared.isNull()) {
      return;
    }
    object(declared, "volumes").fields().forEachRemaining(entry -> {
      String path = "volumes." + entry.getKey();
      volumes.add(entry.getKey());
      JsonNode volume = entry.getValue();
      if (volume.isNull()) {
        return;
      }
      object(volume, path).fields().forEachRemaining(field -> {
        String key = path + "." + field.getKey();
        if (field.getKey().equals("driver") && string(field.getValue(), key).equals("local")) {
          return;
        }
        warn(key, "not supported, ignored (named volumes are local volumes of the node that runs the task)");
      });
    });
  }

  // ---- a service

  private ServiceSpec service(String name, String path, JsonNode service) {
    service.fieldNames().forEachRemaining(key -> {
      if (!SERVICE_KEYS.contains(key) && !key.startsWith("x-")) {
        warn(path + "." + key, "not supported, ignored");
      }
    });
    if (!service.hasNonNull("image")) {
      throw new InvalidSpecException(path + ".image", "is required (build is not supported on a cluster: build the "
          + "image, then push it to a registry or load it on every node)");
    }
    String image = string(service.get("image"), path + ".image");
    List<String> args = service.has("command") ? commandLine(service.get("command"), path + ".command") : null;
    List<String> entrypoint = service.has("entrypoint") ? commandLine(service.get("entrypoint"), path + ".entrypoint")
        : null;
    Map<String, String> env = new LinkedHashMap<>();
    if (service.has("env_file")) {
      env.putAll(envFiles(service.get("env_file"), path + ".env_file"));
    }
    if (service.has("environment")) {
      env.putAll(pairs(service.get("environment"), path + ".environment"));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (service.has("labels")) {
      labels.putAll(pairs(service.get("labels"), path + ".labels"));
    }
    List<PortConfig> ports = new ArrayList<>();
    JsonNode portList = service.path("ports");
    for (int i = 0; i < portList.size(); i++) {
      ports.add(port(portList.get(i), path + ".ports[" + i + "]"));
    }
    List<String> serviceNetworks = serviceNetworks(service.path("networks"), path + ".networks");
    List<Mount> mounts = new ArrayList<>();
    JsonNode volumeList = service.path("volumes");
    for (int i = 0; i < volumeList.size(); i++) {
      mount(volumeList.get(i), path + ".volumes[" + i + "]").ifPresent(mounts::add);
    }
    HealthCheck health = service.has("healthcheck") ? healthCheck(service.get("healthcheck"), path + ".healthcheck")
        : null;
    Deploy deploy = service.has("deploy") ? deploy(service.get("deploy"), path + ".deploy", labels) : Deploy.NONE;
    return at(path, () -> new ServiceSpec(scoped(name), image, deploy.mode, deploy.replicas, entrypoint, args, env,
        labels, ports, serviceNetworks, deploy.resources, deploy.placement, deploy.restart, mounts, health,
        deploy.update, deploy.rollback));
  }

  private List<String> serviceNetworks(JsonNode node, String path) {
    List<String> names = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      names.add(DEFAULT_NETWORK);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        names.add(string(node.get(i), path + "[" + i + "]"));
      }
    } else {
      object(node, path).fields().forEachRemaining(entry -> {
        names.add(entry.getKey());
        if (!entry.getValue().isNull() && !entry.getValue().isEmpty()) {
          warn(path + "." + entry.getKey(), "aliases, addresses and other network options are not supported, ignored");
        }
      });
    }
    List<String> scopedNames = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String network = names.get(i);
      if (!networks.containsKey(network)) {
        if (!network.equals(DEFAULT_NETWORK)) {
          throw new InvalidSpecException(node.isArray() ? path + "[" + i + "]" : path + "." + network,
              "network '" + network + "' is not declared under the top-level 'networks' key");
        }
        networks.put(DEFAULT_NETWORK, new NetworkSpec(scoped(DEFAULT_NETWORK), null, null));
      }
      scopedNames.add(scoped(network));
    }
    return scopedNames;
  }

  private PortConfig port(JsonNode node, String path) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(key -> {
        if (!Set.of("target", "published", "protocol", "mode").contains(key)) {
          warn(path + "." + key, "not supported, ignored");
        }
      });
      if (!node.has("target")) {
        throw new InvalidSpecException(path + ".target", "is required");
      }
      Integer published = node.hasNonNull("published") ? integer(node.get("published"), path + ".published") : null;
      int target = integer(node.get("target"), path + ".target");
      return at(path, () -> new PortConfig(published, target,
          node.has("protocol") ? PortConfig.Protocol.parse(node.get("protocol").asText()) : null,
          node.has("mode") ? PortConfig.PublishMode.parse(node.get("mode").asText()) : null));
    }
    String text = string(node, path);
    String[] parts = text.split(":");
    if (text.contains("-")) {
      throw new InvalidSpecException(path, "port ranges are not supported, got '" + text + "'");
    }
    if (parts.length == 3) {
      warn(path, "the host address " + parts[0] + " is not supported; the port is published on every address");
      text = parts[1] + ":" + parts[2];
    }
    String spec = text;
    return at(path, () -> PortConfig.parse(spec));
  }

  private Optional<Mount> mount(JsonNode node, String path) {
    if (node.isObject()) {
      String type = node.path("type").asText("volume");
      if (!type.equals("volume") && !type.equals("bind")) {
        warn(path + ".type", "'" + type + "' mounts are not supported, ignored");
        return Optional.empty();
      }
      node.fieldNames().forEachRemaining(key -> {
        if (!Set.of("type", "source", "target", "read_only").contains(key)) {
          warn(path + "." + key, "not supported, ignored");
        }
      });
      String source = node.hasNonNull("source") ? string(node.get("source"), path + ".source") : null;
      String target = node.hasNonNull("target") ? string(node.get("target"), path + ".target") : null;
      return Optional.of(mount(type.equals("bind"), source, target, node.path("read_only").asBoolean(false), path));
    }
    String[] parts = string(node, path).split(":");
    if (parts.length == 1) {
      return Optional.of(mount(false, null, parts[0], false, path));
    }
    boolean readOnly = parts.length > 2 && parts[2].contains("ro");
    boolean bind = parts[0].startsWith("/") || parts[0].startsWith(".") || parts[0].startsWith("~");
    return Optional.of(mount(bind, parts[0], parts[1], readOnly, path));
  }

  private Mount mount(boolean bind, String source, String target, boolean readOnly, String path) {
    if (bind && source != null && !source.startsWith("/")) {
      throw new InvalidSpecException(path, "relative bind mounts ('" + source + "') are not supported on a cluster; "
          + "use an absolute path of the node, or a named volume");
    }
    if (!bind && source != null) {
      if (!volumes.contains(source)) {
        throw new InvalidSpecException(path, "volume '" + source + "' is not declared under the top-level 'volumes' key");
      }
      source = scoped(source);
    }
    String chosen = source;
    return at(path, () -> new Mount(bind ? Mount.Type.BIND : Mount.Type.VOLUME, chosen, target, readOnly));
  }

  private HealthCheck healthCheck(JsonNode node, String path) {
    object(node, path);
    if (node.path("disable").asBoolean(false)) {
      return new HealthCheck(List.of("NONE"), null, null, null, null);
    }
    node.fieldNames().forEachRemaining(key -> {
      if (!Set.of("test", "interval", "timeout", "retries", "start_period", "disable").contains(key)) {
        warn(path + "." + key, "not supported, ignored");
      }
    });
    JsonNode test = node.path("test");
    List<String> command;
    if (test.isTextual()) {
      command = List.of("CMD-SHELL", test.asText());
    } else if (test.isArray()) {
      command = strings(test, path + ".test");
    } else {
      throw new InvalidSpecException(path + ".test", "is required: a command string or a list such as [\"CMD\", ...]");
    }
    return at(path, () -> new HealthCheck(command, duration(node.get("interval"), path + ".interval"),
        duration(node.get("timeout"), path + ".timeout"),
        node.hasNonNull("retries") ? integer(node.get("retries"), path + ".retries") : null,
        duration(node.get("start_period"), path + ".start_period")));
  }

  private List<String> dependsOn(String path, JsonNode node, JsonNode services) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        names.add(string(node.get(i), path + "[" + i + "]"));
      }
    } else {
      object(node, path).fields().forEachRemaining(entry -> {
        names.add(entry.getKey());
        String condition = entry.getValue().path("condition").asText("service_started");
        if (condition.equals("service_completed_successfully")) {
          warn(path + "." + entry.getKey() + ".condition", "service_completed_successfully is treated as service_started");
        } else if (!condition.equals("service_started") && !condition.equals("service_healthy")) {
          throw new InvalidSpecException(path + "." + entry.getKey() + ".condition",
              "must be service_started, service_healthy or service_completed_successfully, not '" + condition + "'");
        }
      });
    }
    for (String name : names) {
      if (!services.has(name)) {
        throw new InvalidSpecException(path, "no service named '" + name + "' in this file");
      }
    }
    return names.stream().map(this::scoped).toList();
  }

  // ---- deploy

  /** What the {@code deploy} key gives a service. */
  private record Deploy(ServiceMode mode, Integer replicas, Resources resources, PlacementSpec placement,
      RestartPolicy restart, UpdateConfig update, UpdateConfig rollback) {
    static final Deploy NONE = new Deploy(null, null, null, null, null, null, null);
  }

  private Deploy deploy(JsonNode node, String path, Map<String, String> labels) {
    object(node, path);
    ServiceMode mode = null;
    Integer replicas = null;
    Resources resources = null;
    PlacementSpec placement = null;
    RestartPolicy restart = null;
    UpdateConfig update = null;
    UpdateConfig rollback = null;
    var fields = node.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      String key = path + "." + field.getKey();
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "mode" -> mode = at(key, () -> ServiceMode.parse(string(value, key)));
        case "replicas" -> replicas = integer(value, key);
        case "resources" -> resources = resources(value, key);
        case "placement" -> placement = placement(value, key);
        case "restart_policy" -> restart = restartPolicy(value, key);
        case "update_config" -> update = updateConfig(value, key);
        case "rollback_config" -> rollback = updateConfig(value, key);
        case "labels" -> labels.putAll(pairs(value, key));
        default -> warn(key, "not supported, ignored");
      }
    }
    return new Deploy(mode, replicas, resources, placement, restart, update, rollback);
  }

  private Resources resources(JsonNode node, String path) {
    object(node, path);
    node.fieldNames().forEachRemaining(key -> {
      if (!key.equals("limits") && !key.equals("reservations")) {
        warn(path + "." + key, "not supported, ignored");
      }
    });
    return new Resources(amount(node.path("reservations"), path + ".reservations"),
        amount(node.path("limits"), path + ".limits"));
  }

  private Resources.Amount amount(JsonNode node, String path) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    object(node, path);
    node.fieldNames().forEachRemaining(key -> {
      if (!key.equals("cpus") && !key.equals("memory")) {
        warn(path + "." + key, "not supported, ignored");
      }
    });
    double cpus = node.hasNonNull("cpus") ? number(node.get("cpus"), path + ".cpus") : 0;
    long memory = node.hasNonNull("memory") ? bytes(node.get("memory"), path + ".memory") : 0;
    return at(path, () -> new Resources.Amount(cpus, memory));
  }

  private PlacementSpec placement(JsonNode node, String path) {
    object(node, path);
    List<String> constraints = node.has("constraints") ? strings(node.get("constraints"), path + ".constraints")
        : List.of();
    List<PlacementPreference> preferences = new ArrayList<>();
    JsonNode prefs = node.path("preferences");
    for (int i = 0; i < prefs.size(); i++) {
      String prefPath = path + ".preferences[" + i + "]";
      if (!prefs.get(i).hasNonNull("spread")) {
        throw new InvalidSpecException(prefPath, "only 'spread: node.labels.NAME' preferences are supported");
      }
      String spread = string(prefs.get(i).get("spread"), prefPath + ".spread");
      preferences.add(at(prefPath, () -> new PlacementPreference(spread)));
    }
    node.fieldNames().forEachRemaining(key -> {
      if (!key.equals("constraints") && !key.equals("preferences")) {
        warn(path + "." + key, "not supported, ignored");
      }
    });
    return at(path, () -> new PlacementSpec(constraints, preferences));
  }

  private RestartPolicy restartPolicy(JsonNode node, String path) {
    object(node, path);
    warnUnknown(node, path, Set.of("condition", "delay", "max_attempts", "window"));
    return at(path, () -> new RestartPolicy(
        node.has("condition") ? RestartPolicy.Condition.parse(string(node.get("condition"), path + ".condition")) : null,
        duration(node.get("delay"), path + ".delay"),
        node.hasNonNull("max_attempts") ? integer(node.get("max_attempts"), path + ".max_attempts") : 0,
        duration(node.get("window"), path + ".window")));
  }

  private UpdateConfig updateConfig(JsonNode node, String path) {
    object(node, path);
    warnUnknown(node, path, Set.of("parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order"));
    return at(path, () -> new UpdateConfig(
        node.hasNonNull("parallelism") ? integer(node.get("parallelism"), path + ".parallelism") : null,
        duration(node.get("delay"), path + ".delay"),
        node.has("failure_action") ? UpdateConfig.FailureAction.parse(string(node.get("failure_action"),
            path + ".failure_action")) : null,
        duration(node.get("monitor"), path + ".monitor"),
        node.hasNonNull("max_failure_ratio") ? number(node.get("max_failure_ratio"), path + ".max_failure_ratio") : null,
        node.has("order") ? UpdateConfig.Order.parse(string(node.get("order"), path + ".order")) : null));
  }

  private void warnUnknown(JsonNode node, String path, Set<String> known) {
    node.fieldNames().forEachRemaining(key -> {
      if (!known.contains(key)) {
        warn(path + "." + key, "not supported, ignored");
      }
    });
  }

  // ---- values

  private Map<String, String> envFiles(JsonNode node, String path) {
    List<String> files = new ArrayList<>();
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode entry = node.get(i);
        files.add(entry.isObject() ? string(entry.path("path"), path + "[" + i + "].path")
            : string(entry, path + "[" + i + "]"));
      }
    } else {
      files.add(string(node, path));
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String file : files) {
      String text = readEnvFile.apply(file).orElseThrow(() -> new InvalidSpecException(path,
          "cannot read env file '" + file + "'"));
      text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(line -> {
        int eq = line.indexOf('=');
        env.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : unquote(line.substring(eq + 1)));
      });
    }
    return env;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  /** A map of scalars, or a list of {@code KEY=VALUE} (a bare {@code KEY} is empty). */
  private static Map<String, String> pairs(JsonNode node, String path) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String item = string(node.get(i), path + "[" + i + "]");
        int eq = item.indexOf('=');
        pairs.put(eq < 0 ? item : item.substring(0, eq), eq < 0 ? "" : item.substring(eq + 1));
      }
    } else if (node.isObject()) {
      node.fields().forEachRemaining(e -> pairs.put(e.getKey(), e.getValue().isNull() ? ""
          : string(e.getValue(), path + "." + e.getKey())));
    } else if (!node.isNull()) {
      throw new InvalidSpecException(path, "must be a mapping or a list of KEY=VALUE");
    }
    return pairs;
  }

  private static List<String> commandLine(JsonNode node, String path) {
    if (node.isNull()) {
      return List.of();
    }
    return node.isArray() ? strings(node, path) : ShellWords.split(string(node, path), path);
  }

  private static List<String> strings(JsonNode node, String path) {
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      throw new InvalidSpecException(path, "must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      values.add(string(node.get(i), path + "[" + i + "]"));
    }
    return values;
  }

  private static JsonNode object(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new InvalidSpecException(path, "must be a mapping, not " + describe(node));
    }
    return node;
  }

  private static String string(JsonNode node, String path) {
    if (node == null || !node.isValueNode() || node.isNull()) {
      throw new InvalidSpecException(path, "must be a string, not " + describe(node));
    }
    return node.asText();
  }

  private static int integer(JsonNode node, String path) {
    if (node.isInt() || node.isTextual() && node.asText().matches("\\d+")) {
      return node.isInt() ? node.asInt() : Integer.parseInt(node.asText());
    }
    throw new InvalidSpecException(path, "must be a whole number, not " + describe(node));
  }

  private static double number(JsonNode node, String path) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    try {
      return Double.parseDouble(string(node, path));
    } catch (NumberFormatException e) {
      throw new InvalidSpecException(path, "must be a number, not " + describe(node));
    }
  }

  /** Compose sizes: a number of bytes, or a number with b, k, m or g (kb, mb, gb too). */
  private static long bytes(JsonNode node, String path) {
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    String text = string(node, path).trim().toLowerCase(Locale.ROOT).replaceAll("b$", "");
    long unit = 1;
    if (!text.isEmpty() && "kmg".indexOf(text.charAt(text.length() - 1)) >= 0) {
      unit = 1L << (10 * ("kmg".indexOf(text.charAt(text.length() - 1)) + 1));
      text = text.substring(0, text.length() - 1);
    }
    try {
      return Math.round(Double.parseDouble(text) * unit);
    } catch (NumberFormatException e) {
      throw new InvalidSpecException(path, "must be a size such as 512m or 1g, not " + describe(node));
    }
  }

  private static Duration duration(JsonNode node, String path) {
    return node == null || node.isNull() ? null : Durations.parse(path, string(node, path));
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return "nothing";
    }
    return node.isValueNode() ? "'" + node.asText() + "'" : node.isArray() ? "a list" : "a mapping";
  }

  /** Builds a model record, giving its validation errors the key path they come from. */
  private static <T> T at(String path, Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidSpecException e) {
      String problem = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
      String field = e.field();
      String leaf = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
      String bare = path.replaceAll("\\[\\d+]$", "");
      if (bare.endsWith("." + field) || bare.endsWith("." + leaf) || bare.equals(field)) {
        throw new InvalidSpecException(path, problem);
      }
      throw new InvalidSpecException(path + "." + leaf, problem);
    }
  }
}
