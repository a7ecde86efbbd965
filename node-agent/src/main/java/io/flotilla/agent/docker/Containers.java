package io.flotilla.agent.docker;

import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.TmpfsOptions;
import io.flotilla.agent.step.ContainerObservation;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.Ids;
import io.flotilla.model.PortConfig;
import io.flotilla.model.Resources;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.overlay.DockerNetworks;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** How a task becomes a container's settings, and how an inspected container becomes an observation. */
final class Containers {
  static final String TASK_LABEL = "flotilla.task.id";
  static final String SERVICE_ID_LABEL = "flotilla.service.id";
  static final String SERVICE_NAME_LABEL = "flotilla.service.name";
  static final String SLOT_LABEL = "flotilla.task.slot";
  static final String NODE_LABEL = "flotilla.node.id";

  private Containers() {}

  /** {@code <service>.<slot>.<task>}, or {@code <service>.<node>.<task>} for a global service, as in Swarm. */
  static String name(Assignment assignment) {
    Task task = assignment.task();
    String slot = assignment.spec().mode() == ServiceMode.GLOBAL
        ? Ids.shortId(task.nodeId()).replaceAll("[^a-zA-Z0-9_.-]", "-")
        : Integer.toString(task.slot());
    return serviceName(assignment) + "." + slot + "." + task.id();
  }

  /** The spec's labels plus Flotilla's own, which win. */
  static Map<String, String> labels(Assignment assignment) {
    Task task = assignment.task();
    Map<String, String> labels = new LinkedHashMap<>(assignment.spec().labels());
    labels.put(SERVICE_ID_LABEL, task.serviceId());
    labels.put(SERVICE_NAME_LABEL, serviceName(assignment));
    labels.put(TASK_LABEL, task.id());
    labels.put(SLOT_LABEL, Integer.toString(task.slot()));
    labels.put(NODE_LABEL, task.nodeId());
    return labels;
  }

  static List<String> env(ServiceSpec spec) {
    return spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
  }

  static List<ExposedPort> exposedPorts(ServiceSpec spec) {
    return spec.ports().stream().map(Containers::exposedPort).distinct().toList();
  }

  /**
   * {@code networks} are the overlay networks the container joins (it starts on the first and
   * is connected to the others before it starts), {@code dnsServer} answers their service names.
   */
  static HostConfig hostConfig(ServiceSpec spec, List<String> networks, String dnsServer) {
    // Flotilla restarts a task by replacing it, so the engine must not restart it behind our back.
    HostConfig host = HostConfig.newHostConfig().withRestartPolicy(RestartPolicy.noRestart());
    if (!networks.isEmpty()) {
      host.withNetworkMode(DockerNetworks.dockerName(networks.get(0)));
    }
    ContainerSettings.applyTo(host, spec, networks.isEmpty() ? null : dnsServer);
    Ports bindings = new Ports();
    for (PortConfig port : spec.ports()) {
      // Ingress ports are served by the routing mesh, not bound on the task's node.
      if (port.mode() == PortConfig.PublishMode.HOST && port.published() != null) {
        bindings.bind(exposedPort(port), Ports.Binding.bindIpAndPort("0.0.0.0", port.published()));
      }
    }
    host.withPortBindings(bindings);
    if (!spec.mounts().isEmpty()) {
      host.withMounts(mounts(spec));
    }
    Resources.Amount limits = spec.resources().limits();
    if (limits.memoryBytes() > 0) {
      host.withMemory(limits.memoryBytes());
    }
    if (limits.cpus() > 0) {
      host.withNanoCPUs(Math.round(limits.cpus() * 1e9));
    }
    return host;
  }

  /** The observation of a Flotilla container; empty for a container without a task label. */
  static Optional<ContainerObservation> observation(InspectContainerResponse container) {
    Map<String, String> labels = container.getConfig() == null ? null : container.getConfig().getLabels();
    String taskId = labels == null ? null : labels.get(TASK_LABEL);
    InspectContainerResponse.ContainerState state = container.getState();
    if (taskId == null || state == null || state.getStatus() == null) {
      return Optional.empty();
    }
    Long exitCode = state.getExitCodeLong();
    return Optional.of(new ContainerObservation(container.getId(), taskId,
        ContainerObservation.Status.parse(state.getStatus()),
        exitCode == null ? null : exitCode.intValue(), state.getError(),
        time(state.getStartedAt()), time(state.getFinishedAt()), Boolean.TRUE.equals(state.getOOMKilled()),
        overlayAddresses(container), ContainerObservation.Health.parse(
            state.getHealth() == null ? null : state.getHealth().getStatus()), lastHealthOutput(state)));
  }

  private static String lastHealthOutput(InspectContainerResponse.ContainerState state) {
    if (state.getHealth() == null || state.getHealth().getLog() == null || state.getHealth().getLog().isEmpty()) {
      return null;
    }
    List<HealthStateLog> log = state.getHealth().getLog();
    return log.get(log.size() - 1).getOutput();
  }

  /** The service's health check in Docker's terms; null leaves the image's own. */
  static HealthCheck healthCheck(ServiceSpec spec) {
    io.flotilla.model.HealthCheck check = spec.healthcheck();
    if (check == null) {
      return null;
    }
    HealthCheck docker = new HealthCheck().withTest(check.test());
    if (check.interval() != null) {
      docker.withInterval(check.interval().toNanos());
    }
    if (check.timeout() != null) {
      docker.withTimeout(check.timeout().toNanos());
    }
    if (check.retries() != null) {
      docker.withRetries(check.retries());
    }
    if (check.startPeriod() != null) {
      docker.withStartPeriod(check.startPeriod().toNanos());
    }
    return docker;
  }

  /** Named volumes, binds and tmpfs; a named volume is created by the engine the first time it is used. */
  static List<Mount> mounts(ServiceSpec spec) {
    return spec.mounts().stream().map(Containers::mount).toList();
  }

  private static Mount mount(io.flotilla.model.Mount m) {
    Mount mount = new Mount().withTarget(m.target()).withReadOnly(m.readOnly());
    switch (m.type()) {
      case BIND -> mount.withType(MountType.BIND).withSource(m.source());
      case VOLUME -> mount.withType(MountType.VOLUME).withSource(m.source());
      case TMPFS -> {
        mount.withType(MountType.TMPFS);
        io.flotilla.model.Mount.TmpfsOptions options = m.tmpfs();
        if (options != null) {
          TmpfsOptions tmpfs = new TmpfsOptions();
          if (options.sizeBytes() > 0) {
            tmpfs.withSizeBytes(options.sizeBytes());
          }
          if (options.mode() != null) {
            tmpfs.withMode(options.mode());
          }
          mount.withTmpfsOptions(tmpfs);
        }
      }
    }
    return mount;
  }

  /** The container's address on each overlay network, by the overlay network's name. */
  static Map<String, String> overlayAddresses(InspectContainerResponse container) {
    Map<String, String> addresses = new TreeMap<>();
    if (container.getNetworkSettings() == null || container.getNetworkSettings().getNetworks() == null) {
      return addresses;
    }
    container.getNetworkSettings().getNetworks().forEach((dockerName, network) -> {
      String overlay = DockerNetworks.overlayName(dockerName);
      if (overlay != null && network.getIpAddress() != null && !network.getIpAddress().isEmpty()) {
        addresses.put(overlay, network.getIpAddress());
      }
    });
    return addresses;
  }

  /** Docker writes "0001-01-01T00:00:00Z" for a time that has not happened. */
  static Instant time(String docker) {
    if (docker == null || docker.isEmpty() || docker.startsWith("0001-")) {
      return null;
    }
    return Instant.parse(docker);
  }

  /** A reference without tag or digest means ":latest"; pulling it bare would fetch every tag. */
  static String withDefaultTag(String image) {
    if (image.contains("@") || image.lastIndexOf(':') > image.lastIndexOf('/')) {
      return image;
    }
    return image + ":latest";
  }

  private static ExposedPort exposedPort(PortConfig port) {
    return new ExposedPort(port.target(),
        port.protocol() == PortConfig.Protocol.UDP ? InternetProtocol.UDP : InternetProtocol.TCP);
  }

  private static String serviceName(Assignment assignment) {
    String name = assignment.task().serviceName();
    return name != null ? name : assignment.spec().name();
  }
}
