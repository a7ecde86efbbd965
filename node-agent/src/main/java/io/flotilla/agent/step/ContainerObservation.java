package io.flotilla.agent.step;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine says about one task's container. {@code error} is the engine's own error
 * text (a failed start, say), {@code exitCode} is meaningful once the container has run, and
 * the times are null until they happened; {@code addresses} are its addresses on overlay
 * networks, by network name.
 */
public record ContainerObservation(
    String containerId,
    String taskId,
    Status status,
    Integer exitCode,
    String error,
    Instant startedAt,
    Instant finishedAt,
    boolean oomKilled,
    Map<String, String> addresses) {

  /** Docker's container states. */
  public enum Status {
    CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

    public static Status parse(String docker) {
      return valueOf(docker.toUpperCase(Locale.ROOT));
    }

    /** Whether a process of the container exists, so it has to be stopped. */
    public boolean isLive() {
      return this == RUNNING || this == PAUSED || this == RESTARTING;
    }
  }

  public ContainerObservation {
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(status, "status");
    error = error == null || error.isBlank() ? null : error;
    addresses = addresses == null ? Map.of() : Map.copyOf(addresses);
  }

  public boolean isLive() {
    return status.isLive();
  }
}
