package io.flotilla.agent.step;

import io.flotilla.agent.step.ContainerObservation.Status;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.DesiredState;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import java.time.Instant;

/** Tasks and containers for stepper tests: one task "t1" of service "web" on node "n1". */
final class Fixtures {
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  static final Instant STARTED = NOW.minusSeconds(30);
  static final Instant FINISHED = NOW.minusSeconds(1);
  static final ServiceSpec WEB = ServiceSpec.of("web", "web:1", 1);

  private Fixtures() {}

  static Assignment assignment(TaskState state, DesiredState desired) {
    return assignment(state, desired, null);
  }

  static Assignment assignment(TaskState state, DesiredState desired, String containerId) {
    return new Assignment(task(state, desired, containerId), WEB);
  }

  static Task task(TaskState state, DesiredState desired, String containerId) {
    Instant created = NOW.minusSeconds(60);
    return new Task("t1", "s1", "web", 1, 1, "n1", desired, state, "assigned", null, null, containerId,
        0, 0, created, created, null, null, null);
  }

  static ContainerObservation container(Status status) {
    return container(status, status == Status.EXITED ? 0 : null);
  }

  static ContainerObservation container(Status status, Integer exitCode) {
    boolean ended = status == Status.EXITED || status == Status.DEAD;
    return new ContainerObservation("c1", "t1", status, exitCode, null,
        status == Status.CREATED ? null : STARTED, ended ? FINISHED : null, false, null, null, null);
  }
}
