package io.flotilla.agent.step;

import static io.flotilla.agent.step.Fixtures.FINISHED;
import static io.flotilla.agent.step.Fixtures.NOW;
import static io.flotilla.agent.step.Fixtures.STARTED;
import static io.flotilla.agent.step.Fixtures.assignment;
import static io.flotilla.agent.step.Fixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.agent.step.ContainerObservation.Status;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.DesiredState;
import io.flotilla.model.TaskState;
import io.flotilla.model.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskStepperTest {

  private static TaskStatus reported(Step step) {
    assertThat(step).isInstanceOf(Step.Report.class);
    return ((Step.Report) step).status();
  }

  // ---- not assigned here

  @Test
  void notAssigned_noContainer_nothing() {
    assertThat(TaskStepper.step(null, null, NOW)).isEqualTo(Step.NOTHING);
  }

  @ParameterizedTest
  @EnumSource(Status.class)
  void notAssigned_containerInAnyState_isRemoved(Status status) {
    assertThat(TaskStepper.step(null, container(status), NOW)).isEqualTo(new Step.Remove("c1"));
  }

  // ---- desired RUNNING, no container

  @ParameterizedTest
  @EnumSource(value = TaskState.class, names = {"NEW", "PENDING", "ASSIGNED", "PREPARING", "STARTING"})
  void desiredRunning_noContainer_beforeRunning_isCreated(TaskState state) {
    Assignment a = assignment(state, DesiredState.RUNNING);

    assertThat(TaskStepper.step(a, null, NOW)).isEqualTo(new Step.Create(a));
  }

  @Test
  void desiredRunning_noContainer_whenSchedulerSaysRunning_reportsFailedContainerDisappeared() {
    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.RUNNING, DesiredState.RUNNING, "c1"), null, NOW));

    assertThat(status.state()).isEqualTo(TaskState.FAILED);
    assertThat(status.error()).isEqualTo("container disappeared");
    assertThat(status.containerId()).isEqualTo("c1");
    assertThat(status.nodeId()).isEqualTo("n1");
    assertThat(status.at()).isEqualTo(NOW);
  }

  @Test
  void desiredRunning_noContainer_noSpec_isRejectedWithAReason() {
    Assignment a = new Assignment(assignment(TaskState.ASSIGNED, DesiredState.RUNNING).task(), null);

    TaskStatus status = reported(TaskStepper.step(a, null, NOW));

    assertThat(status.state()).isEqualTo(TaskState.REJECTED);
    assertThat(status.error()).contains("no service spec");
  }

  // ---- desired RUNNING, container observed

  @Test
  void desiredRunning_createdContainer_isStarted() {
    assertThat(TaskStepper.step(assignment(TaskState.ASSIGNED, DesiredState.RUNNING), container(Status.CREATED), NOW))
        .isEqualTo(new Step.Start("c1"));
  }

  @Test
  void desiredRunning_createdContainerTheEngineCouldNotStart_reportsFailedWithTheEnginesError() {
    ContainerObservation failedStart = new ContainerObservation("c1", "t1", Status.CREATED, 128,
        "driver failed programming external connectivity: port is already allocated", null, null, false, null, null, null);

    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.ASSIGNED, DesiredState.RUNNING), failedStart, NOW));

    assertThat(status.state()).isEqualTo(TaskState.FAILED);
    assertThat(status.error()).contains("port is already allocated");
    assertThat(status.containerId()).isEqualTo("c1");
  }

  @ParameterizedTest
  @EnumSource(value = Status.class, names = {"RUNNING", "PAUSED", "RESTARTING"})
  void desiredRunning_liveContainer_reportsRunningWithContainerAndStartTime(Status live) {
    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.ASSIGNED, DesiredState.RUNNING), container(live), NOW));

    assertThat(status.state()).isEqualTo(TaskState.RUNNING);
    assertThat(status.containerId()).isEqualTo("c1");
    assertThat(status.startedAt()).isEqualTo(STARTED);
    assertThat(status.exitCode()).isNull();
    assertThat(status.finishedAt()).isNull();
  }

  @Test
  void desiredRunning_runningContainer_schedulerAlreadyKnows_nothing() {
    assertThat(TaskStepper.step(assignment(TaskState.RUNNING, DesiredState.RUNNING, "c1"), container(Status.RUNNING), NOW))
        .isEqualTo(Step.NOTHING);
  }

  @Test
  void desiredRunning_runningContainer_schedulerRunningWithoutContainerId_reportsTheContainer() {
    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.RUNNING, DesiredState.RUNNING), container(Status.RUNNING), NOW));

    assertThat(status.state()).isEqualTo(TaskState.RUNNING);
    assertThat(status.containerId()).isEqualTo("c1");
  }

  @Test
  void desiredRunning_exitedZero_reportsComplete() {
    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.RUNNING, DesiredState.RUNNING, "c1"),
        container(Status.EXITED, 0), NOW));

    assertThat(status.state()).isEqualTo(TaskState.COMPLETE);
    assertThat(status.exitCode()).isZero();
    assertThat(status.error()).isNull();
    assertThat(status.finishedAt()).isEqualTo(FINISHED);
  }

  @Test
  void desiredRunning_exitedNonZero_reportsFailedLikeSwarm() {
    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.RUNNING, DesiredState.RUNNING, "c1"),
        container(Status.EXITED, 137), NOW));

    assertThat(status.state()).isEqualTo(TaskState.FAILED);
    assertThat(status.error()).isEqualTo("task: non-zero exit (137)");
    assertThat(status.exitCode()).isEqualTo(137);
    assertThat(status.startedAt()).isEqualTo(STARTED);
    assertThat(status.finishedAt()).isEqualTo(FINISHED);
  }

  @Test
  void desiredRunning_exitedBeforeTheSchedulerSawItRun_reportsTheEndDirectly() {
    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.ASSIGNED, DesiredState.RUNNING),
        container(Status.EXITED, 2), NOW));

    assertThat(status.state()).isEqualTo(TaskState.FAILED);
    assertThat(status.containerId()).isEqualTo("c1");
  }

  @Test
  void desiredRunning_oomKilled_saysSo() {
    ContainerObservation oom = new ContainerObservation("c1", "t1", Status.EXITED, 137, null, STARTED, FINISHED, true, null, null, null);

    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.RUNNING, DesiredState.RUNNING, "c1"), oom, NOW));

    assertThat(status.error()).isEqualTo("task: non-zero exit (137): out of memory");
  }

  @Test
  void desiredRunning_deadContainer_reportsFailed() {
    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.RUNNING, DesiredState.RUNNING, "c1"),
        container(Status.DEAD, null), NOW));

    assertThat(status.state()).isEqualTo(TaskState.FAILED);
    assertThat(status.error()).isEqualTo("container is dead");
  }

  @Test
  void desiredRunning_containerBeingRemoved_waitsForItToGo() {
    assertThat(TaskStepper.step(assignment(TaskState.RUNNING, DesiredState.RUNNING, "c1"), container(Status.REMOVING), NOW))
        .isEqualTo(Step.NOTHING);
  }

  // ---- desired SHUTDOWN

  @ParameterizedTest
  @EnumSource(value = Status.class, names = {"RUNNING", "PAUSED", "RESTARTING"})
  void desiredShutdown_liveContainer_isStopped(Status live) {
    assertThat(TaskStepper.step(assignment(TaskState.RUNNING, DesiredState.SHUTDOWN, "c1"), container(live), NOW))
        .isEqualTo(new Step.Stop("c1"));
  }

  @Test
  void desiredShutdown_stoppedContainer_reportsShutdownWithExitCode() {
    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.RUNNING, DesiredState.SHUTDOWN, "c1"),
        container(Status.EXITED, 143), NOW));

    assertThat(status.state()).isEqualTo(TaskState.SHUTDOWN);
    assertThat(status.exitCode()).isEqualTo(143);
    assertThat(status.finishedAt()).isEqualTo(FINISHED);
    assertThat(status.error()).isNull();
  }

  @Test
  void desiredShutdown_neverStartedContainer_reportsShutdown() {
    assertThat(reported(TaskStepper.step(assignment(TaskState.ASSIGNED, DesiredState.SHUTDOWN), container(Status.CREATED), NOW))
        .state()).isEqualTo(TaskState.SHUTDOWN);
  }

  @Test
  void desiredShutdown_noContainer_reportsShutdown() {
    TaskStatus status = reported(TaskStepper.step(assignment(TaskState.ASSIGNED, DesiredState.SHUTDOWN), null, NOW));

    assertThat(status.state()).isEqualTo(TaskState.SHUTDOWN);
    assertThat(status.containerId()).isNull();
  }

  // ---- the scheduler says the task is over

  @ParameterizedTest
  @EnumSource(value = TaskState.class, names = {"COMPLETE", "SHUTDOWN", "FAILED", "REJECTED", "ORPHANED"})
  void terminalAtTheScheduler_runningContainer_isStopped(TaskState terminal) {
    assertThat(TaskStepper.step(assignment(terminal, DesiredState.SHUTDOWN, "c1"), container(Status.RUNNING), NOW))
        .isEqualTo(new Step.Stop("c1"));
    assertThat(TaskStepper.step(assignment(terminal, DesiredState.RUNNING, "c1"), container(Status.RUNNING), NOW))
        .isEqualTo(new Step.Stop("c1"));
  }

  @ParameterizedTest
  @EnumSource(value = TaskState.class, names = {"COMPLETE", "SHUTDOWN", "FAILED", "REJECTED", "ORPHANED"})
  void terminalAtTheScheduler_stoppedOrMissingContainer_nothing(TaskState terminal) {
    for (DesiredState desired : DesiredState.values()) {
      assertThat(TaskStepper.step(assignment(terminal, desired, "c1"), container(Status.EXITED, 1), NOW))
          .isEqualTo(Step.NOTHING);
      assertThat(TaskStepper.step(assignment(terminal, desired, "c1"), null, NOW)).isEqualTo(Step.NOTHING);
    }
  }

  // ---- failed creations

  @Test
  void rejected_reportsRejectedWithTheEnginesWords() {
    TaskStatus status = reported(TaskStepper.rejected(assignment(TaskState.ASSIGNED, DesiredState.RUNNING),
        "No such image: nope:1", NOW));

    assertThat(status.state()).isEqualTo(TaskState.REJECTED);
    assertThat(status.error()).isEqualTo("No such image: nope:1");
  }

  @Test
  void failed_reportsFailed() {
    assertThat(reported(TaskStepper.failed(assignment(TaskState.ASSIGNED, DesiredState.RUNNING), "boom", NOW)).state())
        .isEqualTo(TaskState.FAILED);
  }

  @Test
  void failedCreation_ofATaskAlreadyOver_nothing() {
    assertThat(TaskStepper.rejected(assignment(TaskState.SHUTDOWN, DesiredState.SHUTDOWN), "x", NOW))
        .isEqualTo(Step.NOTHING);
    assertThat(TaskStepper.failed(assignment(TaskState.FAILED, DesiredState.RUNNING), "x", NOW))
        .isEqualTo(Step.NOTHING);
  }
}
