package io.flotilla.model;

import java.time.Instant;

/** What a node agent observed of one task's container. */
public record TaskStatus(
    String taskId,
    String nodeId,
    TaskState state,
    String containerId,
    String message,
    String error,
    Integer exitCode,
    Instant startedAt,
    Instant finishedAt,
    Instant at) {

  public TaskStatus {
    Check.required("taskId", taskId);
    if (state == null || at == null) {
      throw new InvalidSpecException("state", "is required");
    }
  }
}
