package io.flotilla.agent.engine;

import io.flotilla.agent.step.ContainerObservation;
import io.flotilla.bus.Messages.Assignment;
import java.util.List;
import java.util.Optional;

/**
 * Task containers on the engine, found by their labels. Creation is idempotent: a container's
 * name carries its task id, so a second attempt for the same task adopts the first one's
 * container. Stop and remove are idempotent too.
 */
public interface TaskContainers {
  /** Every task container of {@code nodeId} on this engine, whatever its state. */
  List<ContainerObservation> list(String nodeId);

  /** The container by id or name; empty when it does not exist or is not a task's. */
  Optional<ContainerObservation> inspect(String container);

  /**
   * Creates and starts the task's container, pulling its image when the engine lacks it, and
   * returns the container as it is once started. An existing container of the task is adopted
   * (started if it never was) instead of a second one being created.
   *
   * @param dnsServer the DNS server of the container's overlay networks, or null
   * @throws ImageUnavailableException when the image is missing and cannot be pulled
   */
  ContainerObservation createAndStart(Assignment assignment, String dnsServer);

  /** As {@link #createAndStart(Assignment, String)}, for a task on no overlay network. */
  default ContainerObservation createAndStart(Assignment assignment) {
    return createAndStart(assignment, null);
  }

  /** Starts a created container; one already running is left as it is. */
  void start(String containerId);

  /** Stops a container, killing it after {@code timeoutSeconds}; a stopped or missing one is left. */
  void stop(String containerId, int timeoutSeconds);

  /** Removes a container, by force if it runs; a missing one is left. */
  void remove(String containerId);
}
