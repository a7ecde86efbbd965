package io.flotilla.agent.step;

import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.DesiredState;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.model.TaskStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * Maps (assignment, observed container) to the next step of one task. The assignment carries
 * the scheduler's current view of the task, so a report is produced only when the container
 * tells something the scheduler does not know yet, and never one that would move the task's
 * state backwards.
 */
public final class TaskStepper {
  private TaskStepper() {}

  /**
   * @param assignment the task as the scheduler sees it, or null when it is not assigned here
   * @param observed the task's container, or null when it has none
   */
  public static Step step(Assignment assignment, ContainerObservation observed, Instant now) {
    if (assignment == null) {
      return observed == null ? Step.NOTHING : new Step.Remove(observed.containerId());
    }
    Task task = assignment.task();
    if (task.state().isTerminal()) {
      // Orphaned after a partition, or failed at the scheduler: its process must not run on.
      return observed != null && observed.isLive() ? new Step.Stop(observed.containerId()) : Step.NOTHING;
    }
    Step step = task.desiredState() == DesiredState.RUNNING
        ? keepRunning(assignment, observed, now)
        : shutDown(task, observed, now);
    return news(task, step) ? step : Step.NOTHING;
  }

  /** The report for a task whose image could not be found or pulled. */
  public static Step rejected(Assignment assignment, String error, Instant now) {
    Task task = assignment.task();
    return ifNews(task, status(task, TaskState.REJECTED, null, "rejected", error, null, null, null, now));
  }

  /** The report for a task whose container could not be created or started. */
  public static Step failed(Assignment assignment, String error, Instant now) {
    Task task = assignment.task();
    return ifNews(task, status(task, TaskState.FAILED, null, "failed", error, null, null, null, now));
  }

  private static Step keepRunning(Assignment assignment, ContainerObservation observed, Instant now) {
    Task task = assignment.task();
    if (observed == null) {
      if (task.state() == TaskState.RUNNING) {
        return report(status(task, TaskState.FAILED, task.containerId(), "failed", "container disappeared",
            task.exitCode(), task.startedAt(), now, now));
      }
      if (assignment.spec() == null) {
        return report(status(task, TaskState.REJECTED, null, "rejected",
            "the assignment carries no service spec", null, null, null, now));
      }
      return new Step.Create(assignment);
    }
    return switch (observed.status()) {
      case CREATED -> observed.error() == null
          ? new Step.Start(observed.containerId())
          : report(observedStatus(task, observed, TaskState.FAILED, "failed", observed.error(), now));
      case RUNNING, PAUSED, RESTARTING -> report(switch (observed.health()) {
        case STARTING -> observedStatus(task, observed, TaskState.STARTING, "starting: waiting to be healthy", null, now);
        case UNHEALTHY -> observedStatus(task, observed, TaskState.FAILED, "failed",
            "unhealthy" + (observed.healthLog() == null ? "" : ": " + observed.healthLog().strip()), now);
        case NONE, HEALTHY -> observedStatus(task, observed, TaskState.RUNNING, "started", null, now);
      });
      case EXITED, DEAD -> report(exited(task, observed, now));
      case REMOVING -> Step.NOTHING;
    };
  }

  private static Step shutDown(Task task, ContainerObservation observed, Instant now) {
    if (observed == null) {
      return report(status(task, TaskState.SHUTDOWN, task.containerId(), "shutdown", null,
          task.exitCode(), task.startedAt(), task.finishedAt(), now));
    }
    if (observed.isLive()) {
      return new Step.Stop(observed.containerId());
    }
    return report(observedStatus(task, observed, TaskState.SHUTDOWN, "shutdown", null, now));
  }

  private static TaskStatus exited(Task task, ContainerObservation observed, Instant now) {
    Integer code = observed.exitCode();
    if (observed.status() == ContainerObservation.Status.EXITED && code != null && code == 0) {
      return observedStatus(task, observed, TaskState.COMPLETE, "finished", null, now);
    }
    String error = observed.error() != null ? observed.error()
        : code == null ? "container is dead"
        : "task: non-zero exit (" + code + ")" + (observed.oomKilled() ? ": out of memory" : "");
    return observedStatus(task, observed, TaskState.FAILED, "failed", error, now);
  }

  private static TaskStatus observedStatus(Task task, ContainerObservation observed, TaskState state,
      String message, String error, Instant now) {
    boolean ended = state.isTerminal() && !observed.isLive();
    return new TaskStatus(task.id(), task.nodeId(), state, observed.containerId(), message, error,
        ended ? observed.exitCode() : null, observed.startedAt(), ended ? observed.finishedAt() : null, now,
        observed.addresses());
  }

  private static TaskStatus status(Task task, TaskState state, String containerId, String message, String error,
      Integer exitCode, Instant startedAt, Instant finishedAt, Instant now) {
    return new TaskStatus(task.id(), task.nodeId(), state, containerId, message, error, exitCode,
        startedAt, finishedAt, now, null);
  }

  private static Step report(TaskStatus status) {
    return new Step.Report(status);
  }

  private static Step ifNews(Task task, TaskStatus status) {
    Step step = report(status);
    return news(task, step) ? step : Step.NOTHING;
  }

  /** Docker actions always pass; a report only when the scheduler can take it. */
  private static boolean news(Task task, Step step) {
    if (!(step instanceof Step.Report report)) {
      return true;
    }
    TaskStatus status = report.status();
    return task.state().canMoveTo(status.state())
        || task.state() == status.state() && status.containerId() != null
            && !Objects.equals(status.containerId(), task.containerId());
  }
}
