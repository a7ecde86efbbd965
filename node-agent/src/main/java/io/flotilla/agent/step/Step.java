package io.flotilla.agent.step;

import io.flotilla.bus.Messages;
import io.flotilla.model.TaskStatus;

/** The one thing to do next for a task on this node. */
public sealed interface Step {
  Step NOTHING = new Nothing();

  /** Create and start the task's container. */
  record Create(Messages.Assignment assignment) implements Step {}

  /** Start a container that was created but never started. */
  record Start(String containerId) implements Step {}

  /** Stop a container whose task must not run (any more). */
  record Stop(String containerId) implements Step {}

  /** Force-remove the container of a task that is not assigned here any more. */
  record Remove(String containerId) implements Step {}

  /** Tell the scheduler what happened to the task. */
  record Report(TaskStatus status) implements Step {}

  /** The container is where it should be and the scheduler knows it. */
  record Nothing() implements Step {}
}
