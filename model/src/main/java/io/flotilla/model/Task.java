package io.flotilla.model;

import java.time.Instant;
import java.util.Map;

/**
 * One container slot of a service. The manager writes the desired side ({@code desiredState},
 * {@code nodeId}); the node's agent reports the observed side ({@code state}, container,
 * exit code, its address on each overlay network by network name). {@code attempt} counts
 * replacements in the slot; {@code crashStreak} counts the consecutive quick failures that
 * lead to it, which drives the restart back-off.
 */
public record Task(
    String id,
    String serviceId,
    String serviceName,
    int slot,
    long specVersion,
    String nodeId,
    DesiredState desiredState,
    TaskState state,
    String message,
    String error,
    Integer exitCode,
    String containerId,
    int attempt,
    int crashStreak,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant finishedAt,
    Map<String, String> addresses) {

  public Task {
    Check.required("id", id);
    Check.required("serviceId", serviceId);
    desiredState = desiredState == null ? DesiredState.RUNNING : desiredState;
    state = state == null ? TaskState.NEW : state;
    addresses = addresses == null ? Map.of() : Map.copyOf(addresses);
  }

  public static Task create(String id, Service service, int slot, int attempt, int crashStreak, Instant now) {
    return new Task(id, service.id(), service.name(), slot, service.taskVersion(), null,
        DesiredState.RUNNING, TaskState.PENDING, "pending", null, null, null,
        attempt, crashStreak, now, now, null, null, Map.of());
  }

  public boolean isAlive() {
    return !state.isTerminal();
  }

  public Task assign(String node, Instant now) {
    return new Task(id, serviceId, serviceName, slot, specVersion, node, desiredState,
        TaskState.ASSIGNED, "assigned", null, exitCode, containerId, attempt, crashStreak,
        createdAt, now, startedAt, finishedAt, addresses);
  }

  public Task withMessage(String newMessage, Instant now) {
    return new Task(id, serviceId, serviceName, slot, specVersion, nodeId, desiredState, state,
        newMessage, error, exitCode, containerId, attempt, crashStreak, createdAt, now, startedAt, finishedAt,
        addresses);
  }

  public Task withDesiredState(DesiredState desired, Instant now) {
    return new Task(id, serviceId, serviceName, slot, specVersion, nodeId, desired, state,
        message, error, exitCode, containerId, attempt, crashStreak, createdAt, now, startedAt, finishedAt,
        addresses);
  }

  /** Moves to {@code next}; callers check {@link TaskState#canMoveTo} first. */
  public Task moveTo(TaskState next, String newMessage, String newError, Instant now) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException("task " + id + " cannot move from " + state + " to " + next);
    }
    Instant finished = next.isTerminal() && finishedAt == null ? now : finishedAt;
    return new Task(id, serviceId, serviceName, slot, specVersion, nodeId, desiredState, next,
        newMessage, newError, exitCode, containerId, attempt, crashStreak, createdAt, now, startedAt, finished,
        addresses);
  }

  /** Applies what the node's agent observed; the caller checks the move is forward. */
  public Task observe(TaskStatus status) {
    Instant started = startedAt != null ? startedAt : status.startedAt();
    Instant finished = status.finishedAt() != null ? status.finishedAt()
        : status.state().isTerminal() ? status.at() : finishedAt;
    return new Task(id, serviceId, serviceName, slot, specVersion, nodeId, desiredState,
        status.state(), status.message(), status.error(),
        status.exitCode() != null ? status.exitCode() : exitCode,
        status.containerId() != null ? status.containerId() : containerId,
        attempt, crashStreak, createdAt, status.at(), started, finished,
        status.addresses().isEmpty() ? addresses : status.addresses());
  }
}
