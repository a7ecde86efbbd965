package io.flotilla.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import io.flotilla.agent.engine.Images;
import io.flotilla.agent.engine.TaskContainers;
import io.flotilla.agent.step.ContainerObservation;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.ServiceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Task containers through docker-java; the images a task needs come from {@link Images}. */
final class DockerTaskContainers implements TaskContainers {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DockerTaskContainers.class);
  /** Stops longer than this go through {@code slowClient}: {@code client}'s response timeout would cut them. */
  private static final int SLOW_STOP_SECONDS = 30;

  private final DockerClient client;
  private final DockerClient slowClient;
  private final Images images;
  private final ContainerCreation creation;
  private final TaskFiles files;
  /** The last inspection of each listed container, so a resync inspects only what changed state. */
  private final Map<String, ContainerObservation> lastSeen = new ConcurrentHashMap<>();

  DockerTaskContainers(DockerClient client, DockerClient slowClient, Images images, TaskFiles files) {
    this.client = client;
    this.slowClient = slowClient;
    this.images = images;
    this.creation = new ContainerCreation(client, images);
    this.files = files;
  }

  @Override
  public List<ContainerObservation> list(String nodeId) {
    long mark = files.mark();
    List<Container> containers = client.listContainersCmd().withShowAll(true)
        .withFilter("label", List.of(Containers.TASK_LABEL, Containers.NODE_LABEL + "=" + nodeId))
        .exec();
    List<ContainerObservation> observed = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (Container container : containers) {
      listed.add(container.getId());
      ContainerObservation known = lastSeen.get(container.getId());
      if (known != null && known.status() == ContainerObservation.Status.parse(container.getState())) {
        observed.add(known);
      } else {
        inspect(container.getId()).ifPresent(observed::add);
      }
    }
    lastSeen.keySet().retainAll(listed);
    try {
      files.prune(mark, containers.stream().map(c -> c.getLabels() == null ? null
          : c.getLabels().get(Containers.TASK_LABEL)).filter(java.util.Objects::nonNull)
          .collect(java.util.stream.Collectors.toSet()));
    } catch (RuntimeException e) {
      // The next listing tries again; what the engine runs is observed all the same.
      LOG.warn("cannot remove the files of tasks that have no container: {}", e.getMessage());
    }
    return observed;
  }

  @Override
  public Optional<ContainerObservation> inspect(String container) {
    try {
      Optional<ContainerObservation> observed = Containers.observation(client.inspectContainerCmd(container).exec());
      observed.ifPresent(o -> lastSeen.put(o.containerId(), o));
      return observed;
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public ContainerObservation createAndStart(Assignment assignment, String dnsServer) {
    String name = Containers.name(assignment);
    String id;
    List<com.github.dockerjava.api.model.Mount> fileMounts = files.write(assignment.task().id(), assignment.files());
    try {
      id = creation.create(assignment, name, dnsServer, fileMounts);
    } catch (ConflictException e) {
      ContainerObservation existing = inspect(name)
          .orElseThrow(() -> new IllegalStateException("container " + name + " exists but cannot be inspected"));
      if (existing.status() != ContainerObservation.Status.CREATED) {
        return existing;
      }
      id = existing.containerId();
    } catch (RuntimeException e) {
      files.remove(assignment.task().id());
      throw e;
    } finally {
      files.created(assignment.task().id());
    }
    start(id);
    if (!assignment.networks().isEmpty()) {
      // Its addresses are what service discovery needs, and only the engine knows them.
      String started = id;
      return inspect(id).orElseThrow(() -> new IllegalStateException("container " + started + " vanished at start"));
    }
    // Known without asking: an inspect per container would cost the engine a third call per start.
    ContainerObservation started = new ContainerObservation(id, assignment.task().id(),
        ContainerObservation.Status.RUNNING, null, null, Instant.now(), null, false, null,
        checksHealth(assignment.spec()) ? ContainerObservation.Health.STARTING : ContainerObservation.Health.NONE,
        null);
    lastSeen.put(id, started);
    return started;
  }

  @Override
  public void start(String containerId) {
    try {
      client.startContainerCmd(containerId).exec();
    } catch (NotModifiedException e) {
      // already running
    }
  }

  @Override
  public void stop(String containerId, int timeoutSeconds) {
    try {
      (timeoutSeconds > SLOW_STOP_SECONDS ? slowClient : client).stopContainerCmd(containerId)
          .withTimeout(timeoutSeconds).exec();
    } catch (NotModifiedException | NotFoundException e) {
      // already stopped, or gone
    }
  }

  /** Removes the container, then its task's secrets and configs. */
  @Override
  public void remove(String containerId) {
    String taskId = Optional.ofNullable(lastSeen.get(containerId)).or(() -> inspect(containerId))
        .map(ContainerObservation::taskId).orElse(null);
    try {
      client.removeContainerCmd(containerId).withForce(true).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (ConflictException e) {
      // "removal already in progress": the engine is doing it
    }
    lastSeen.remove(containerId);
    if (taskId != null) {
      files.remove(taskId);
    }
  }

  /** Whether the container will report health: the service's check, or else the image's own. */
  private boolean checksHealth(ServiceSpec spec) {
    if (spec.healthcheck() != null) {
      return !spec.healthcheck().disables();
    }
    return images.declaresHealthCheck(io.flotilla.model.ImageReferences.engineImage(spec));
  }
}
