package io.flotilla.agent.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.agent.step.ContainerObservation.Status;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.DesiredState;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.model.TaskStatus;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TaskStepperPropertyTest {

  @Property
  void aReportNeverMovesATaskBackwards(@ForAll("assignments") Assignment assignment,
      @ForAll("containers") ContainerObservation container) {
    Step step = TaskStepper.step(assignment, container, Fixtures.NOW);

    if (step instanceof Step.Report report) {
      Task task = assignment.task();
      TaskStatus status = report.status();
      boolean forward = task.state().canMoveTo(status.state());
      boolean containerNews = task.state() == status.state() && status.containerId() != null
          && !Objects.equals(task.containerId(), status.containerId());
      assertThat(forward || containerNews)
          .as("%s -> %s", task.state(), status.state()).isTrue();
    }
  }

  @Property
  void aContainerIsCreatedOnlyForATaskThatHasNoneAndHasNotRunYet(@ForAll("assignments") Assignment assignment,
      @ForAll("containers") ContainerObservation container) {
    Step step = TaskStepper.step(assignment, container, Fixtures.NOW);

    if (step instanceof Step.Create) {
      assertThat(container).isNull();
      assertThat(assignment.task().desiredState()).isEqualTo(DesiredState.RUNNING);
      assertThat(assignment.task().state().ordinal()).isLessThan(TaskState.RUNNING.ordinal());
    }
  }

  @Property
  void aTaskThatMustNotRunNeverStartsOrKeepsALiveContainer(@ForAll("assignments") Assignment assignment,
      @ForAll("containers") ContainerObservation container) {
    Task task = assignment.task();
    boolean mustNotRun = task.desiredState() == DesiredState.SHUTDOWN || task.state().isTerminal();
    Step step = TaskStepper.step(assignment, container, Fixtures.NOW);

    if (mustNotRun) {
      assertThat(step).isNotInstanceOfAny(Step.Create.class, Step.Start.class);
      if (container != null && container.isLive()) {
        assertThat(step).isEqualTo(new Step.Stop(container.containerId()));
      }
    }
  }

  @Provide
  Arbitrary<Assignment> assignments() {
    return Combinators.combine(
            Arbitraries.of(TaskState.class).filter(s -> s.ordinal() >= TaskState.ASSIGNED.ordinal()),
            Arbitraries.of(DesiredState.class),
            Arbitraries.of("c1", "c2").injectNull(0.4))
        .as(Fixtures::assignment);
  }

  @Provide
  Arbitrary<ContainerObservation> containers() {
    return Combinators.combine(
            Arbitraries.of("c1", "c2"),
            Arbitraries.of(Status.class),
            Arbitraries.integers().between(0, 255).injectNull(0.2),
            Arbitraries.of("engine says no").injectNull(0.7),
            Arbitraries.of(true, false))
        .as((id, status, exit, error, oom) -> new ContainerObservation(id, "t1", status, exit, error,
            Fixtures.STARTED, Fixtures.FINISHED, oom, null, null, null))
        .injectNull(0.2);
  }
}
