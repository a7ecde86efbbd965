package io.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.agent.step.ContainerObservation;
import io.flotilla.agent.step.ContainerObservation.Status;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.bus.Messages.Assignments;
import io.flotilla.model.DesiredState;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskTableTest {
  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  private final TaskTable table = new TaskTable("n1");

  private static Assignment assignment(String taskId) {
    Task task = new Task(taskId, "s1", "web", 1, 1, "n1", DesiredState.RUNNING, TaskState.ASSIGNED,
        null, null, null, null, 0, 0, T0, T0, null, null, null);
    return new Assignment(task, ServiceSpec.of("web", "web:1", 1));
  }

  private static ContainerObservation container(String id, String taskId, Status status) {
    return new ContainerObservation(id, taskId, status, null, null, null, null, false, null, null, null);
  }

  @Test
  void notReady_untilBothAssignmentsAndAListingArrived() {
    assertThat(table.ready()).isFalse();
    table.accept(new Assignments("n1", List.of(assignment("t1")), T0));
    assertThat(table.ready()).isFalse();

    table.observeAll(List.of(), table.stamp());

    assertThat(table.ready()).isTrue();
  }

  @Test
  void assignments_ofAnotherNodeOrOlderThanHeld_areIgnored() {
    assertThat(table.accept(new Assignments("n1", List.of(assignment("t1")), T0))).isTrue();

    assertThat(table.accept(new Assignments("n2", List.of(), T0.plusSeconds(1)))).isFalse();
    assertThat(table.accept(new Assignments("n1", List.of(), T0.minusSeconds(1)))).isFalse();

    assertThat(table.assignment("t1")).isNotNull();
  }

  @Test
  void taskIds_areAssignedTasksAndTasksWithContainers() {
    table.accept(new Assignments("n1", List.of(assignment("t1")), T0));
    table.observeAll(List.of(container("c9", "t9", Status.RUNNING)), table.stamp());

    assertThat(table.taskIds()).containsExactlyInAnyOrder("t1", "t9");
  }

  @Test
  void aListingIssuedBeforeAnActionFinished_doesNotUndoIt() {
    long listingIssued = table.stamp();
    table.observe("t1", Optional.of(container("c1", "t1", Status.RUNNING)), table.stamp());

    table.observeAll(List.of(), listingIssued);

    assertThat(table.observation("t1")).isNotNull();
  }

  @Test
  void aListingIssuedAfterwards_seesTheContainerGone() {
    table.observe("t1", Optional.of(container("c1", "t1", Status.RUNNING)), table.stamp());

    table.observeAll(List.of(), table.stamp());

    assertThat(table.observation("t1")).isNull();
  }

  @Test
  void aGoneContainer_clearsItsTask_onlyWhenItIsTheTasksCurrentContainer() {
    table.observe("t1", Optional.of(container("c2", "t1", Status.RUNNING)), table.stamp());

    assertThat(table.observeContainer("c1", Optional.empty(), table.stamp())).isEmpty();
    assertThat(table.observation("t1").containerId()).isEqualTo("c2");

    assertThat(table.observeContainer("c2", Optional.empty(), table.stamp())).contains("t1");
    assertThat(table.observation("t1")).isNull();
  }

  @Test
  void twoContainersOfOneTask_theLiveOneIsTheTasks() {
    table.observeAll(List.of(container("c1", "t1", Status.EXITED), container("c2", "t1", Status.RUNNING)),
        table.stamp());

    assertThat(table.observation("t1").containerId()).isEqualTo("c2");
  }
}
