package io.flotilla.agent.engine;

import io.flotilla.overlay.DockerNetworks;
import java.io.Closeable;

/**
 * The node's container engine, one narrow interface per concern. Every call blocks: the agent
 * makes them from its bounded worker pool, never on an event loop. A new concern is one more
 * accessor here.
 */
public interface Engine extends Closeable {
  /** Where the engine answers, as in {@code DOCKER_HOST}: for messages that say which engine failed. */
  String host();

  /** The engine's version and the host resources it sees. */
  EngineInfo info();

  TaskContainers containers();

  Images images();

  ContainerEvents events();

  /** The Docker side of overlay networks, which overlay-net drives. */
  DockerNetworks networks();

  /** The containers' logs, which the agent's log endpoint serves to the managers. */
  ContainerLogs logs();

  /** The engine's own words for a failure of one of its calls. */
  default String errorText(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }
}
