package io.flotilla.model;

import java.util.List;
import java.util.Map;

/**
 * What the user wants to run: the desired state of a service. {@code command} replaces the
 * image's entrypoint and {@code args} its default arguments, as in Swarm; {@code placement}
 * says which nodes may run its tasks and how they spread over them; {@code networks} names the
 * overlay networks its tasks join (by name or id), in order; {@code container} holds how the
 * engine runs each task's container; {@code secrets} and {@code configs} are the files its tasks
 * see.
 */
public record ServiceSpec(
    String name,
    String image,
    ServiceMode mode,
    Integer replicas,
    List<String> command,
    List<String> args,
    Map<String, String> env,
    Map<String, String> labels,
    List<PortConfig> ports,
    List<String> networks,
    Resources resources,
    PlacementSpec placement,
    RestartPolicy restartPolicy,
    List<Mount> mounts,
    HealthCheck healthcheck,
    UpdateConfig updateConfig,
    UpdateConfig rollbackConfig,
    ContainerOptions container,
    EndpointMode endpointMode,
    List<FileReference> secrets,
    List<FileReference> configs) {

  public ServiceSpec {
    Check.name("name", name);
    Check.required("image", image);
    Check.that(!image.contains(" "), "image", "must not contain spaces");
    mode = mode == null ? ServiceMode.REPLICATED : mode;
    if (mode == ServiceMode.GLOBAL) {
      Check.that(replicas == null, "replicas", "cannot be set for a global service");
    } else {
      replicas = replicas == null ? 1 : replicas;
      Check.that(replicas >= 0, "replicas", "must not be negative, got " + replicas);
    }
    command = Check.list("command", "a string", command);
    args = Check.list("args", "a string", args);
    env = Check.map("env", "a string", env);
    labels = Check.map("labels", "a string", labels);
    ports = Check.list("ports", "a port such as {\"published\": 8080, \"target\": 80}", ports);
    networks = Check.list("networks", "a network name", networks);
    for (int i = 0; i < networks.size(); i++) {
      Check.required("networks[" + i + "]", networks.get(i));
    }
    Check.that(networks.stream().distinct().count() == networks.size(), "networks", "the same network appears twice");
    resources = resources == null ? Resources.NONE : resources;
    placement = placement == null ? PlacementSpec.NONE : placement;
    restartPolicy = restartPolicy == null ? RestartPolicy.DEFAULT : restartPolicy;
    mounts = Check.list("mounts", "a mount such as {\"source\": \"data\", \"target\": \"/data\"}", mounts);
    updateConfig = updateConfig == null ? UpdateConfig.DEFAULT : updateConfig;
    rollbackConfig = rollbackConfig == null ? UpdateConfig.DEFAULT : rollbackConfig;
    container = container == null ? ContainerOptions.NONE : container;
    endpointMode = endpointMode == null ? EndpointMode.VIP : endpointMode;
    secrets = Check.list("secrets", "a secret such as {\"source\": \"db_password\"}", secrets);
    configs = Check.list("configs", "a config such as {\"source\": \"nginx_conf\"}", configs);
    Check.that(mounts.stream().map(Mount::target).distinct().count() == mounts.size(), "mounts",
        "the same target appears twice");
    for (String key : env.keySet()) {
      Check.that(!key.isEmpty() && !key.contains("="), "env", "invalid variable name '" + key + "'");
    }
    long distinct = ports.stream().filter(p -> p.published() != null)
        .map(p -> p.published() + "/" + p.protocol()).distinct().count();
    Check.that(distinct == ports.stream().filter(p -> p.published() != null).count(),
        "ports", "the same published port appears twice");
    Check.that(endpointMode != EndpointMode.DNSRR || ports.stream()
        .noneMatch(p -> p.published() != null && p.mode() == PortConfig.PublishMode.INGRESS), "endpointMode",
        "dnsrr cannot be used with ports published through the routing mesh (mode ingress), as in Swarm:"
            + " publish them with mode host, or use endpoint mode vip");
  }

  /** A spec whose containers run with the engine's defaults, with no secrets or configs. */
  public ServiceSpec(String name, String image, ServiceMode mode, Integer replicas, List<String> command,
      List<String> args, Map<String, String> env, Map<String, String> labels, List<PortConfig> ports,
      List<String> networks, Resources resources, PlacementSpec placement, RestartPolicy restartPolicy,
      List<Mount> mounts, HealthCheck healthcheck, UpdateConfig updateConfig, UpdateConfig rollbackConfig) {
    this(name, image, mode, replicas, command, args, env, labels, ports, networks, resources, placement,
        restartPolicy, mounts, healthcheck, updateConfig, rollbackConfig, null, null, null, null);
  }

  public static ServiceSpec of(String name, String image, int replicas) {
    return new ServiceSpec(name, image, null, replicas, null, null, null, null, null, null, null, null, null,
        null, null, null, null);
  }

  /** Ports published through the routing mesh; they need the ingress network. */
  public boolean publishesIngress() {
    return ports.stream().anyMatch(p -> p.published() != null && p.mode() == PortConfig.PublishMode.INGRESS);
  }

  /** This spec with {@code like}'s replica count and rollout settings, which tasks do not see. */
  private ServiceSpec taskView(ServiceSpec like) {
    return new ServiceSpec(name, image, mode, mode == like.mode ? like.replicas : replicas, command, args, env, labels,
        ports, networks, resources, placement, restartPolicy, mounts, healthcheck, like.updateConfig,
        like.rollbackConfig, container, endpointMode, secrets, configs);
  }

  public ServiceSpec withLabels(Map<String, String> newLabels) {
    return new ServiceSpec(name, image, mode, replicas, command, args, env, newLabels, ports, networks, resources,
        placement, restartPolicy, mounts, healthcheck, updateConfig, rollbackConfig, container, endpointMode, secrets,
        configs);
  }

  public ServiceSpec withReplicas(int newReplicas) {
    if (mode == ServiceMode.GLOBAL) {
      throw new InvalidSpecException("replicas", "a global service cannot be scaled");
    }
    return new ServiceSpec(name, image, mode, newReplicas, command, args, env, labels, ports, networks, resources,
        placement, restartPolicy, mounts, healthcheck, updateConfig, rollbackConfig, container, endpointMode, secrets,
        configs);
  }

  /** Whether tasks of this spec and of {@code other} are the same (only replicas or rollout settings differ). */
  public boolean sameTasksAs(ServiceSpec other) {
    return other != null && equals(other.taskView(this));
  }
}
