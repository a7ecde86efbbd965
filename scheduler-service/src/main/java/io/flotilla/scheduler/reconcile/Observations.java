package io.flotilla.scheduler.reconcile;

import io.flotilla.model.Task;
import io.flotilla.model.TaskStatus;
import java.util.Objects;
import java.util.Optional;

/** Folds an agent's observation into a task; state only ever moves forward. */
public final class Observations {
  private Observations() {}

  /** The task after {@code report}, or empty when the report is stale, foreign or adds nothing. */
  public static Optional<Task> apply(Task current, TaskStatus report) {
    if (current.nodeId() == null || !current.nodeId().equals(report.nodeId())) {
      return Optional.empty();
    }
    if (current.state().canMoveTo(report.state())) {
      return Optional.of(current.observe(report));
    }
    boolean news = current.state() == report.state()
        && (!Objects.equals(current.containerId(), report.containerId()) && report.containerId() != null
            || !Objects.equals(current.message(), report.message()) && report.message() != null);
    return news ? Optional.of(current.observe(report)) : Optional.empty();
  }
}
