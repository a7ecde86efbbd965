package io.flotilla.agent.step;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine says about one task's container. {@code error} is the engine's own error
 * text (a failed start, say), {@code exitCode} is meaningful once the container has run, and
 * the times are null until they happened; {@code addresses} are its addresses on overlay
 * networks, by network name; {@code healthLog} is the output of its last health check.
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
    Map<String, String> addresses,
    Health health,
    String healthLog) {

  /** What the container's health check says; NONE when it has none. */
  public enum Health {
    NONE, STARTING, HEALTHY, UNHEALTHY;

    public static Health parse(String docker) {
      return docker == null || docker.isEmpty() ? NONE : valueOf(docker.toUpperCase(Locale.ROOT));
    }
  }

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
    health = health == null ? Health.NONE : health;
  }

  public boolean isLive() {
    return status.isLive();
  }
}
