package io.flotilla.scheduler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.Availability;
import io.flotilla.model.DesiredState;
import io.flotilla.model.NodeState;
import io.flotilla.model.Resources;
import io.flotilla.model.RestartPolicy;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private static ServiceSpec spec(String name, int replicas, RestartPolicy policy) {
    return new ServiceSpec(name, "web:1", null, replicas, null, null, null, null, null, null, null, policy);
  }

  @Test
  void createReplicated_spreadsOneSlotPerReplicaEvenly() {
    Cluster c = new Cluster().nodes(3);
    Service web = c.service(ServiceSpec.of("web", "web:1", 9));

    c.converge();

    assertThat(c.running(web)).hasSize(9);
    assertThat(c.running(web)).extracting(Task::slot).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9);
    Map<String, Long> perNode = c.running(web).stream().collect(Collectors.groupingBy(Task::nodeId, Collectors.counting()));
    assertThat(perNode).containsOnly(Map.entry("n1", 3L), Map.entry("n2", 3L), Map.entry("n3", 3L));
  }

  @Test
  void reconcile_isIdempotentOnceConverged() {
    Cluster c = new Cluster().nodes(2);
    c.service(ServiceSpec.of("web", "web:1", 4));
    c.converge();

    assertThat(c.reconcile().isEmpty()).isTrue();
  }

  @Test
  void scaleDown_shutsDownHighestSlotsThenDeletesThem() {
    Cluster c = new Cluster().nodes(2);
    Service web = c.service(ServiceSpec.of("web", "web:1", 5));
    c.converge();

    c.scale(web, 2);
    c.reconcile();
    assertThat(c.ofService(web)).filteredOn(t -> t.desiredState() == DesiredState.SHUTDOWN)
        .extracting(Task::slot).containsExactlyInAnyOrder(3, 4, 5);
    c.converge();

    assertThat(c.running(web)).extracting(Task::slot).containsExactlyInAnyOrder(1, 2);
    assertThat(c.ofService(web)).hasSize(2);
  }

  @Test
  void removedService_tasksShutDownThenAreDeleted() {
    Cluster c = new Cluster().nodes(2);
    Service web = c.service(ServiceSpec.of("web", "web:1", 3));
    c.converge();

    c.services.remove(web.id());
    c.reconcile();
    assertThat(c.ofService(web)).allMatch(t -> t.desiredState() == DesiredState.SHUTDOWN);
    c.converge();

    assertThat(c.tasks).isEmpty();
  }

  @Test
  void failedTask_isReplacedAtOnceInTheSameSlot() {
    Cluster c = new Cluster().nodes(1);
    Service web = c.service(ServiceSpec.of("web", "web:1", 1));
    c.converge();
    Task first = c.running(web).get(0);
    c.advance(Duration.ofMinutes(5));

    c.report(first, TaskState.FAILED, 137);
    c.reconcile();

    Task replacement = c.ofService(web).stream().filter(Task::isAlive).findFirst().orElseThrow();
    assertThat(replacement.slot()).isEqualTo(first.slot());
    assertThat(replacement.state()).isEqualTo(TaskState.ASSIGNED);
    assertThat(replacement.attempt()).isEqualTo(1);
    assertThat(c.tasks.get(first.id()).state()).isEqualTo(TaskState.FAILED);
    assertThat(c.tasks.get(first.id()).exitCode()).isEqualTo(137);
    assertThat(c.tasks.get(first.id()).desiredState()).isEqualTo(DesiredState.SHUTDOWN);
  }

  @Test
  void crashLoop_backsOffWithGrowingDelays() {
    Cluster c = new Cluster().nodes(1);
    Service web = c.service(ServiceSpec.of("crash", "crash:1", 1));
    c.converge();

    Duration previousDelay = Duration.ZERO;
    for (int crash = 1; crash <= 5; crash++) {
      Task running = c.running(web).get(0);
      c.advance(Duration.ofSeconds(1));
      c.report(running, TaskState.FAILED, 1);
      Plan plan = c.reconcile();
      Duration delay = Duration.ZERO;
      if (plan.wakeAt().isPresent()) {
        delay = Duration.between(c.now, plan.wakeAt().get());
        assertThat(c.ofService(web)).noneMatch(Task::isAlive);
        c.advance(delay);
      }
      assertThat(delay).isGreaterThanOrEqualTo(previousDelay);
      if (crash >= 3) {
        assertThat(delay).isGreaterThan(previousDelay);
      }
      previousDelay = delay;
      c.converge();
    }
    assertThat(previousDelay).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void explicitDelay_isWaitedBeforeEveryReplacement() {
    Cluster c = new Cluster().nodes(1);
    Service web = c.service(spec("web", 1, new RestartPolicy(RestartPolicy.Condition.ANY, Duration.ofSeconds(5), 0, null)));
    c.converge();

    c.report(c.running(web).get(0), TaskState.FAILED, 1);
    Plan plan = c.reconcile();

    assertThat(plan.wakeAt()).contains(c.now.plusSeconds(5));
    c.advance(Duration.ofSeconds(5));
    c.converge();
    assertThat(c.running(web)).hasSize(1);
  }

  @Test
  void onFailurePolicy_leavesACompletedTaskAlone() {
    Cluster c = new Cluster().nodes(1);
    Service job = c.service(spec("job", 1, new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, 0, null)));
    c.converge();

    c.report(c.running(job).get(0), TaskState.COMPLETE, 0);
    c.converge();

    assertThat(c.ofService(job)).singleElement().extracting(Task::state).isEqualTo(TaskState.COMPLETE);
  }

  @Test
  void maxAttempts_stopsReplacingAfterTheLimit() {
    Cluster c = new Cluster().nodes(1);
    Service job = c.service(spec("job", 1, new RestartPolicy(RestartPolicy.Condition.ANY, Duration.ZERO, 2, null)));
    c.converge();

    for (int i = 0; i < 4; i++) {
      c.running(job).forEach(t -> c.report(t, TaskState.FAILED, 1));
      c.converge();
    }

    assertThat(c.ofService(job)).hasSize(3).noneMatch(Task::isAlive);
  }

  @Test
  void history_keepsAtMostFiveFinishedTasksPerSlot() {
    Cluster c = new Cluster().nodes(1);
    Service web = c.service(spec("web", 1, new RestartPolicy(RestartPolicy.Condition.ANY, Duration.ZERO, 0, null)));
    c.converge();

    for (int i = 0; i < 10; i++) {
      c.running(web).forEach(t -> c.report(t, TaskState.FAILED, 1));
      c.converge();
    }

    assertThat(c.ofService(web)).hasSize(6);
    assertThat(c.running(web)).hasSize(1);
  }

  @Test
  void taskThatFitsNowhere_staysPendingWithTheReason() {
    Cluster c = new Cluster().node("n1", 2, 1L << 30).node("n2", 2, 1L << 30);
    Service big = c.service(new ServiceSpec("big", "big:1", null, 1, null, null, null, null, null,
        new Resources(new Resources.Amount(0, 4L << 30), null), null, null));

    c.converge();

    assertThat(c.ofService(big)).singleElement().satisfies(t -> {
      assertThat(t.state()).isEqualTo(TaskState.PENDING);
      assertThat(t.message()).isEqualTo("no suitable node (insufficient memory on 2 nodes)");
    });
    assertThat(ServiceStatus.of(big, c.ofService(big)).message()).contains("insufficient memory on 2 nodes");
  }

  @Test
  void deadNode_orphansItsTasksAndReschedulesThemOnLiveNodes() {
    Cluster c = new Cluster().nodes(3);
    Service web = c.service(ServiceSpec.of("web", "web:1", 9));
    c.converge();

    c.nodeState("n2", NodeState.DOWN);
    c.converge();

    assertThat(c.running(web)).hasSize(9).noneMatch(t -> t.nodeId().equals("n2"));
    assertThat(c.ofService(web)).filteredOn(t -> t.state() == TaskState.ORPHANED).hasSize(3);
  }

  @Test
  void drainedNode_tasksMoveAway() {
    Cluster c = new Cluster().nodes(2);
    Service web = c.service(ServiceSpec.of("web", "web:1", 4));
    c.converge();

    c.availability("n1", Availability.DRAIN);
    c.converge();

    assertThat(c.running(web)).hasSize(4).allMatch(t -> t.nodeId().equals("n2"));
  }

  @Test
  void globalService_runsOneTaskPerEligibleNode() {
    Cluster c = new Cluster().nodes(3);
    Service agent = c.service(new ServiceSpec("agent", "agent:1", ServiceMode.GLOBAL, null,
        null, null, null, null, null, null, null, null));
    c.converge();
    assertThat(c.running(agent)).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2", "n3");

    c.availability("n3", Availability.DRAIN);
    c.node("n4", 2, 1L << 30);
    c.converge();

    assertThat(c.running(agent)).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2", "n4");
  }

  @Test
  void duplicateLiveTasksInASlot_keepOnlyTheMostAdvanced() {
    Cluster c = new Cluster().nodes(2);
    Service web = c.service(ServiceSpec.of("web", "web:1", 1));
    c.converge();
    Task original = c.running(web).get(0);
    Task copy = Task.create("dup", web, original.slot(), 0, 0, c.now).assign("n2", c.now);
    c.tasks.put(copy.id(), copy);

    c.reconcile();

    assertThat(c.tasks.get("dup").desiredState()).isEqualTo(DesiredState.SHUTDOWN);
    assertThat(c.tasks.get(original.id()).desiredState()).isEqualTo(DesiredState.RUNNING);
  }
}
