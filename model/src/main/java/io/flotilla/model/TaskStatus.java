package io.flotilla.model;

import java.time.Instant;
import java.util.Map;

/** What a node agent observed of one task's container; {@code addresses} maps overlay network name to IPv4 address. */
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
    Instant at,
    Map<String, String> addresses) {

  public TaskStatus {
    addresses = addresses == null ? Map.of() : Map.copyOf(addresses);
    Check.required("taskId", taskId);
    if (state == null || at == null) {
      throw new InvalidSpecException("state", "is required");
    }
  }
}
