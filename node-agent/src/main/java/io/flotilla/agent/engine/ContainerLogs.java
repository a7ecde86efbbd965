package io.flotilla.agent.engine;

import io.flotilla.model.logs.ContainerLogLine;
import io.flotilla.model.logs.ContainerLogRequest;
import java.io.Closeable;

/** The engine's containers' logs, the one thing the agent's log endpoint needs of it. */
public interface ContainerLogs {
  /** What receives a container's log: called on the reader's own thread, one call at a time. */
  interface Sink {
    /** One line; may block to slow the engine's stream down. */
    void line(ContainerLogLine line);

    /**
     * The log ended: the container stopped (when followed), or all of it was read ({@code failure}
     * null), or it failed; a {@link NoSuchContainer} when the engine does not know the container.
     */
    void end(Throwable failure);
  }

  /** The container is not there (any more): it has no log to read. */
  final class NoSuchContainer extends RuntimeException {
    public NoSuchContainer(String containerId) {
      super("no such container: " + containerId, null, false, false);
    }
  }

  /**
   * Starts reading {@code request}'s container's log into {@code sink}; closing what it returns
   * stops reading (the reader went away).
   */
  Closeable read(ContainerLogRequest request, Sink sink);
}
