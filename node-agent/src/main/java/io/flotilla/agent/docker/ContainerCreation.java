package io.flotilla.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import io.flotilla.agent.engine.Images;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.ImageReferences;
import io.flotilla.model.ServiceSpec;
import io.flotilla.overlay.DockerNetworks;
import java.util.ArrayList;
import java.util.List;

/** The engine's side of creating a task's container: the create call, and its image and networks. */
final class ContainerCreation {
  private final DockerClient client;
  private final Images images;

  ContainerCreation(DockerClient client, Images images) {
    this.client = client;
    this.images = images;
  }

  /**
   * Creates the task's container named {@code name}, pulling its image when the engine lacks it,
   * and connects it to its overlay networks after the first; {@code fileMounts} show its secrets
   * and configs. Returns the container's id.
   *
   * @throws com.github.dockerjava.api.exception.ConflictException when a container has that name
   */
  String create(Assignment assignment, String name, String dnsServer, List<Mount> fileMounts) {
    String id = createPulling(assignment, name, dnsServer, fileMounts);
    for (String network : assignment.networks().subList(Math.min(1, assignment.networks().size()),
        assignment.networks().size())) {
      client.connectToNetworkCmd().withContainerId(id).withNetworkId(DockerNetworks.dockerName(network)).exec();
    }
    return id;
  }

  private String createPulling(Assignment assignment, String name, String dnsServer, List<Mount> fileMounts) {
    try {
      return createCommand(assignment, name, dnsServer, fileMounts).exec().getId();
    } catch (NotFoundException e) {
      String image = ImageReferences.engineImage(assignment.spec());
      if (images.isPresent(image)) {
        throw e;
      }
      var built = ImageReferences.builtImageId(assignment.spec());
      if (built.isPresent()) {
        images.load(built.get());
      } else {
        images.pull(image, assignment.registryAuth());
      }
      return createCommand(assignment, name, dnsServer, fileMounts).exec().getId();
    }
  }

  private CreateContainerCmd createCommand(Assignment assignment, String name, String dnsServer,
      List<Mount> fileMounts) {
    ServiceSpec spec = assignment.spec();
    HostConfig host = Containers.hostConfig(spec, assignment.networks(), dnsServer);
    if (!fileMounts.isEmpty()) {
      List<Mount> mounts = new ArrayList<>(host.getMounts() == null ? List.of() : host.getMounts());
      mounts.addAll(fileMounts);
      host.withMounts(mounts);
    }
    CreateContainerCmd command = client.createContainerCmd(ImageReferences.engineImage(spec))
        .withName(name)
        .withLabels(Containers.labels(assignment))
        .withEnv(Containers.env(spec))
        .withExposedPorts(Containers.exposedPorts(spec))
        .withHostConfig(host);
    ContainerSettings.applyTo(command, spec);
    HealthCheck check = Containers.healthCheck(spec);
    if (check != null) {
      command.withHealthcheck(check);
    }
    // Swarm semantics: command replaces the entrypoint, args the default arguments.
    if (!spec.command().isEmpty()) {
      command.withEntrypoint(spec.command());
    }
    if (!spec.args().isEmpty()) {
      command.withCmd(spec.args());
    }
    return command;
  }
}
