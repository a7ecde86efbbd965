package io.flotilla.gateway.compose;

import io.flotilla.model.FileKind;
import io.flotilla.model.FileReference;
import io.flotilla.model.ContainerOptions;
import io.flotilla.model.HealthCheck;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Mount;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.PortConfig;
import io.flotilla.model.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One entry of {@code services}, read into the spec of the service {@code <stack>_<name>}.
 * Compose's {@code entrypoint} is the spec's {@code command} and Compose's {@code command} its
 * {@code args}, as in Swarm.
 */
final class ServiceReader {
  private static final Set<String> SUPPORTED = union(Set.of("image", "command", "entrypoint", "environment",
      "env_file", "ports", "networks", "volumes", "labels", "healthcheck", "deploy", "depends_on", "secrets", "configs"),
      ContainerKeys.KEYS);
  /** With {@code --build}, build: is read (by the client, which built it); without, it is ignored with a warning. */
  private static final Set<String> SUPPORTED_WHEN_BUILT = union(SUPPORTED, Set.of("build"));
  private static final String RESOURCES = "use deploy.resources";
  private static final Map<String, String> HINTS = Map.of(
      "restart", "use deploy.restart_policy",
      "scale", "use deploy.replicas",
      "cpus", RESOURCES,
      "mem_limit", RESOURCES,
      "mem_reservation", RESOURCES);

  /** What a service may refer to: the stack's networks, volumes, secrets and configs by the names the file uses. */
  record Stack(String name, Map<String, NetworkSpec> networks, Map<String, String> volumes,
      Function<String, Optional<String>> readEnvFile, Map<String, String> secrets, Map<String, String> configs,
      Map<String, BuiltImage> built) {
    Stack(String name, Map<String, NetworkSpec> networks, Map<String, String> volumes,
        Function<String, Optional<String>> readEnvFile) {
      this(name, networks, volumes, readEnvFile, Map.of(), Map.of(), Map.of());
    }
  }

  private ServiceReader() {}

  static ServiceSpec read(Stack stack, String name, Value service, Warnings warnings) {
    if (!service.isAbsent() && !service.isMapping()) {
      throw service.mustBe("a mapping");
    }
    Value image = service.get("image");
    BuiltImage built = stack.built().get(name);
    if (image.isAbsent() && built == null) {
      throw service.get("build").isAbsent() ? image.error("is required: every service needs an image (or a build)")
          : image.error("is required for a service that only has build: run 'flotilla stack deploy --build' to "
              + "build it with your local Docker engine and ship it to the nodes (no registry needed)");
    }
    warnings.otherKeys(service, built == null ? SUPPORTED : SUPPORTED_WHEN_BUILT, HINTS);
    String imageName = built != null ? built.tag() : image.text();
    List<String> entrypoint = words(service.get("entrypoint"));
    List<String> command = words(service.get("command"));
    Map<String, String> env = Environment.of(service, stack.readEnvFile(), warnings);
    List<PortConfig> ports = Ports.parse(service.get("ports"), warnings);
    List<String> networks = ServiceNetworks.parse(service.get("networks"), stack.networks(), warnings);
    List<Mount> mounts = new ArrayList<>(VolumeMounts.parse(service.get("volumes"), stack.volumes(), warnings));
    mounts.addAll(ContainerKeys.tmpfs(service, warnings));
    ContainerOptions container = ContainerKeys.parse(service, warnings);
    HealthCheck healthcheck = service.get("healthcheck").orNull(v -> HealthChecks.parse(v, warnings));
    Deployment deploy = Deployment.parse(service.get("deploy"), warnings);
    Map<String, String> labels = new LinkedHashMap<>(KeyValues.labels(service.get("labels")));
    labels.putAll(deploy.labels());
    List<FileReference> secrets = StackFileObjects.references(service.get("secrets"), stack.secrets(),
        FileKind.SECRET);
    List<FileReference> configs = StackFileObjects.references(service.get("configs"), stack.configs(),
        FileKind.CONFIG);
    if (built != null) {
      labels.put(io.flotilla.model.ImageReferences.BUILT_IMAGE_ID, built.id());
    }
    try {
      return service.build(() -> new ServiceSpec(ComposeFile.scoped(stack.name(), name), imageName, deploy.mode(),
          deploy.replicas(), entrypoint, command, env, labels, ports, networks, deploy.resources(), deploy.placement(),
          deploy.restartPolicy(), mounts, healthcheck, deploy.updateConfig(), deploy.rollbackConfig(), container,
          deploy.endpointMode(), secrets, configs));
    } catch (InvalidSpecException e) {
      // The model checks the endpoint mode against the ports; the key is under deploy.
      String endpointMode = service.path() + ".endpoint_mode";
      throw e.field().equals(endpointMode) ? new InvalidSpecException(service.path() + ".deploy.endpoint_mode",
          e.problem()) : e;
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /** A command as a list of words, or as one string split as a shell would. */
  private static List<String> words(Value value) {
    if (value.isAbsent()) {
      return List.of();
    }
    return value.isSequence() ? value.texts() : ShellWords.split(value.path(), value.text());
  }
}
