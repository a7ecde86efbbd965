package io.flotilla.scheduler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.DesiredState;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.model.UpdateConfig;
import io.flotilla.model.UpdateStatus;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RolloutTest {
  private final Cluster cluster = new Cluster().nodes(3);

  private static ServiceSpec web(String image, UpdateConfig update) {
    return new ServiceSpec("web", image, null, 4, null, null, null, null, null, null, null, null, null, null, null,
        update, UpdateConfig.DEFAULT);
  }

  private static UpdateConfig config(int parallelism, UpdateConfig.Order order, UpdateConfig.FailureAction onFailure) {
    return new UpdateConfig(parallelism, Duration.ZERO, onFailure, Duration.ofSeconds(5), 0.0, order);
  }

  private Service current(Service service) {
    return cluster.services.get(service.id());
  }

  private List<Task> liveRunning(Service service) {
    return cluster.running(service).stream().filter(t -> t.desiredState() == DesiredState.RUNNING).toList();
  }

  /** Lets the rollout run a second at a time, checking {@code invariant} at every step, until it stops moving. */
  private void rollOut(Service service, Predicate<Cluster> invariant, Predicate<Task> failsOnStart) {
    for (int round = 0; round < 120; round++) {
      cluster.reconcile();
      for (Task task : List.copyOf(cluster.tasks.values())) {
        if (task.desiredState() == DesiredState.RUNNING && task.state() == TaskState.ASSIGNED && failsOnStart.test(task)) {
          cluster.report(task, TaskState.FAILED, 1);
        }
      }
      cluster.agentsAct();
      assertThat(invariant.test(cluster)).as("invariant at round %d", round).isTrue();
      UpdateStatus status = current(service).updateStatus();
      if (status != null && !status.state().isActive()) {
        return;
      }
      cluster.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  void stopFirst_twoAtATime_updatesEverySlot() {
    Service service = cluster.service(web("web:1", config(2, UpdateConfig.Order.STOP_FIRST, null)));
    cluster.converge();
    Service updated = cluster.update(service, web("web:2", config(2, UpdateConfig.Order.STOP_FIRST, null)));

    rollOut(service, c -> liveRunning(service).size() >= 2, t -> false);

    assertThat(current(service).updateStatus().state()).isEqualTo(UpdateStatus.State.COMPLETED);
    assertThat(liveRunning(service)).hasSize(4).allMatch(t -> t.specVersion() == updated.taskVersion())
        .extracting(Task::slot).containsExactlyInAnyOrder(1, 2, 3, 4);
  }

  @Test
  void stopFirst_oneAtATime_whileAnOldTaskIsStillStopping_takesNoOtherSlot() {
    Service service = cluster.service(web("web:1", config(1, UpdateConfig.Order.STOP_FIRST, null)));
    cluster.converge();
    cluster.update(service, web("web:2", config(1, UpdateConfig.Order.STOP_FIRST, null)));

    cluster.reconcile(); // slot 1's old task is told to stop; its agent has not answered yet
    cluster.reconcile();

    assertThat(cluster.ofService(service)).filteredOn(t -> t.desiredState() == DesiredState.SHUTDOWN).hasSize(1);
  }

  @Test
  void startFirst_neverRunsFewerThanTheReplicas() {
    Service service = cluster.service(web("web:1", config(1, UpdateConfig.Order.START_FIRST, null)));
    cluster.converge();
    Service updated = cluster.update(service, web("web:2", config(1, UpdateConfig.Order.START_FIRST, null)));

    rollOut(service, c -> liveRunning(service).size() >= 4, t -> false);

    assertThat(current(service).updateStatus().state()).isEqualTo(UpdateStatus.State.COMPLETED);
    assertThat(liveRunning(service)).hasSize(4).allMatch(t -> t.specVersion() == updated.taskVersion());
  }

  @Test
  void aScaleIsNotARollout() {
    Service service = cluster.service(web("web:1", UpdateConfig.DEFAULT));
    cluster.converge();
    List<String> before = liveRunning(service).stream().map(Task::id).toList();

    cluster.scale(service, 6);
    cluster.converge();

    assertThat(liveRunning(service)).hasSize(6).extracting(Task::id).containsAll(before);
    assertThat(current(service).updateStatus()).isNull();
  }

  @Test
  void failingNewTasks_pauseTheUpdate_andTheRestKeepTheOldSpec() {
    Service service = cluster.service(web("web:1", config(1, UpdateConfig.Order.STOP_FIRST, UpdateConfig.FailureAction.PAUSE)));
    cluster.converge();
    Service updated = cluster.update(service,
        web("web:bad", config(1, UpdateConfig.Order.STOP_FIRST, UpdateConfig.FailureAction.PAUSE)));

    rollOut(service, c -> true, t -> t.specVersion() == updated.taskVersion());

    assertThat(current(service).updateStatus().state()).isEqualTo(UpdateStatus.State.PAUSED);
    assertThat(current(service).updateStatus().message()).contains("update paused").contains("failed");
    assertThat(liveRunning(service)).hasSize(3).allMatch(t -> t.specVersion() < updated.taskVersion());
  }

  @Test
  void failingNewTasks_withRollback_endOnTheOldSpec() {
    UpdateConfig rollback = config(1, UpdateConfig.Order.STOP_FIRST, UpdateConfig.FailureAction.ROLLBACK);
    Service service = cluster.service(web("web:1", rollback));
    cluster.converge();
    Service updated = cluster.update(service, web("web:bad", rollback));

    rollOut(service, c -> true, t -> t.specVersion() == updated.taskVersion());
    rollOut(service, c -> true, t -> false);

    Service after = current(service);
    assertThat(after.updateStatus().state()).isEqualTo(UpdateStatus.State.ROLLBACK_COMPLETED);
    assertThat(after.spec().image()).isEqualTo("web:1");
    assertThat(liveRunning(service)).hasSize(4).allMatch(t -> t.specVersion() == after.taskVersion());
  }
}
