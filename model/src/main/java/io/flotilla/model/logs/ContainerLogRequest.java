package io.flotilla.model.logs;

import java.time.Instant;

/**
 * What a manager asks a node's agent for: the log of one of its task containers, with the
 * reader's options. Sent as JSON in the agent's log RPC.
 */
public record ContainerLogRequest(String containerId, boolean follow, Integer tail, Instant since) {
  public static ContainerLogRequest of(String containerId, LogOptions options) {
    return new ContainerLogRequest(containerId, options.follow(), options.tail(), options.since());
  }
}
