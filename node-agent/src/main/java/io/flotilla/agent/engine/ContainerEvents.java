package io.flotilla.agent.engine;

import java.io.Closeable;
import java.util.function.Consumer;

/**
 * The engine's events about task containers: only what the agent did not cause itself (a
 * container died, was destroyed, ran out of memory or changed health); the agent's own starts
 * are known to it, and anything missed shows up in the next full listing.
 */
public interface ContainerEvents {
  /**
   * Follows the events about task containers of {@code nodeId}, calling {@code onContainer}
   * with the container id on one of the engine client's threads. {@code onEnd} runs once if the
   * stream ends by itself (the engine restarted, say), never after {@link Closeable#close()}.
   */
  Closeable follow(String nodeId, Consumer<String> onContainer, Runnable onEnd);
}
