package io.flotilla.scheduler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.Availability;
import io.flotilla.model.DesiredState;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.model.PlacementPreference;
import io.flotilla.model.PlacementSpec;
import io.flotilla.model.Resources;
import io.flotilla.model.RestartPolicy;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private static ServiceSpec spec(String name, int replicas, RestartPolicy policy) {
    return new ServiceSpec(name, "web:1", null, replicas, null, null, null, null, null, null, null, null, policy, null, null, null, null);
  }

  private static ServiceSpec placed(String name, Integer replicas, List<String> constraints, String... spreadOver) {
    List<PlacementPreference> preferences = Arrays.stream(spreadOver).map(PlacementPreference::new).toList();
    return new ServiceSpec(name, "web:1", replicas == null ? ServiceMode.GLOBAL : null, replicas, null, null, null,
        null, null, null, null, new PlacementSpec(constraints, preferences), null, null, null, null, null);
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
    Service big = c.service(new ServiceSpec("big", "big:1", null, 1, null, null, null, null, null, null,
        new Resources(new Resources.Amount(0, 4L << 30), null), null, null, null, null, null, null));

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
        null, null, null, null, null, null, null, null, null, null, null, null, null));
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

  // ---- placement constraints and preferences

  @Test
  void constraintNoNodeSatisfies_taskStaysPendingWithTheConstraintAsReason_untilANodeGetsTheLabel() {
    Cluster c = new Cluster().nodes(2);
    Service web = c.service(placed("web", 1, List.of("node.labels.zone==c")));

    c.converge();

    assertThat(c.ofService(web)).singleElement().satisfies(t -> {
      assertThat(t.state()).isEqualTo(TaskState.PENDING);
      assertThat(t.message()).isEqualTo("no suitable node (no node satisfies node.labels.zone==c)");
    });
    assertThat(ServiceStatus.of(web, c.ofService(web)).message()).contains("no node satisfies node.labels.zone==c");

    c.labels("n2", Map.of("zone", "c"));
    c.converge();

    assertThat(c.running(web)).singleElement().extracting(Task::nodeId).isEqualTo("n2");
  }

  @Test
  void severalReasons_areListedMostFrequentFirst() {
    Cluster c = new Cluster().nodes(3);
    c.availability("n1", Availability.PAUSE);
    Service web = c.service(placed("web", 1, List.of("node.labels.zone==c")));

    c.converge();

    assertThat(c.ofService(web)).singleElement().extracting(Task::message).isEqualTo(
        "no suitable node (node.labels.zone==c not satisfied on 2 nodes; 1 node not ready or not active)");
  }

  @Test
  void constraintsOnIdHostnameRoleAndLabels_keepTasksOnTheNodesThatSatisfyThemAll() {
    Cluster c = new Cluster()
        .node("n1", NodeRole.MANAGER, Map.of("zone", "a"), 4, 8L << 30)
        .node("n2", Map.of("zone", "a"))
        .node("n3", Map.of("zone", "b"));
    Service workersInA = c.service(placed("workers-in-a", 3, List.of("node.role!=manager", "node.labels.zone==a")));
    Service onHost3 = c.service(placed("on-host-3", 2, List.of("node.hostname==host-n3")));
    Service notN3 = c.service(placed("not-n3", 4, List.of("node.id!=n3")));
    Service managers = c.service(placed("managers", 2, List.of("node.role==manager")));
    Service outsideA = c.service(placed("outside-a", 2, List.of("node.labels.zone!=a")));

    c.converge();

    assertThat(c.runningPerNode(workersInA)).containsOnly(Map.entry("n2", 3L));
    assertThat(c.runningPerNode(onHost3)).containsOnly(Map.entry("n3", 2L));
    assertThat(c.runningPerNode(notN3)).containsOnly(Map.entry("n1", 2L), Map.entry("n2", 2L));
    assertThat(c.runningPerNode(managers)).containsOnly(Map.entry("n1", 2L));
    assertThat(c.runningPerNode(outsideA)).containsOnly(Map.entry("n3", 2L));
  }

  @Test
  void spreadOverZones_twoNodesInAOneInB_fourReplicas_twoPerZone() {
    Cluster c = new Cluster().node("n1", Map.of("zone", "a")).node("n2", Map.of("zone", "a"))
        .node("n3", Map.of("zone", "b"));
    Service web = c.service(placed("web", 4, List.of(), "node.labels.zone"));

    c.converge();

    assertThat(c.runningPerNode(web)).containsOnly(Map.entry("n1", 1L), Map.entry("n2", 1L), Map.entry("n3", 2L));
  }

  @Test
  void spread_nodesWithoutTheLabelFormTheirOwnGroup() {
    Cluster c = new Cluster().node("n1", Map.of("zone", "a")).node("n2", Map.of("zone", "a"))
        .node("n3", Map.of()).node("n4", Map.of());
    Service web = c.service(placed("web", 4, List.of(), "node.labels.zone"));

    c.converge();

    Map<String, Long> perNode = c.runningPerNode(web);
    assertThat(perNode.getOrDefault("n1", 0L) + perNode.getOrDefault("n2", 0L)).isEqualTo(2);
    assertThat(perNode.getOrDefault("n3", 0L) + perNode.getOrDefault("n4", 0L)).isEqualTo(2);
  }

  @Test
  void globalService_runsOnlyOnNodesThatSatisfyItsConstraints_followingLabelChanges() {
    Cluster c = new Cluster().node("n1", Map.of("disk", "ssd")).node("n2", Map.of()).node("n3", Map.of("disk", "ssd"));
    Service cache = c.service(placed("cache", null, List.of("node.labels.disk==ssd")));

    c.converge();
    assertThat(c.running(cache)).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n3");
    assertThat(c.ofService(cache)).allMatch(t -> t.state() == TaskState.RUNNING);

    c.labels("n2", Map.of("disk", "ssd"));
    c.labels("n3", Map.of("disk", "hdd"));
    c.converge();

    assertThat(c.running(cache)).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2");
    assertThat(c.ofService(cache)).filteredOn(t -> "n3".equals(t.nodeId())).allSatisfy(t -> {
      assertThat(t.state()).isEqualTo(TaskState.SHUTDOWN);
      assertThat(t.desiredState()).isEqualTo(DesiredState.SHUTDOWN);
    });
  }

  @Test
  void labelRemoved_tasksMoveOffTheNodeThatNoLongerSatisfiesTheConstraint() {
    Cluster c = new Cluster().node("n1", Map.of("zone", "a")).node("n2", Map.of("zone", "a"));
    Service web = c.service(placed("web", 2, List.of("node.labels.zone==a")));
    c.converge();
    assertThat(c.runningPerNode(web)).containsOnly(Map.entry("n1", 1L), Map.entry("n2", 1L));

    c.update("n1", new io.flotilla.model.NodeUpdate(null, null, null, List.of("zone")));
    c.reconcile();
    assertThat(c.ofService(web)).filteredOn(t -> t.nodeId().equals("n1") && t.desiredState() == DesiredState.SHUTDOWN)
        .singleElement().extracting(Task::message).isEqualTo("node host-n1 no longer satisfies node.labels.zone==a");
    c.converge();

    assertThat(c.runningPerNode(web)).containsOnly(Map.entry("n2", 2L));
  }

  // ---- node availability and removal

  @Test
  void pausedNode_keepsItsTasksButTakesNoNewOnes() {
    Cluster c = new Cluster().nodes(2);
    Service web = c.service(ServiceSpec.of("web", "web:1", 2));
    c.converge();
    Map<String, Long> before = c.runningPerNode(web);

    c.availability("n1", Availability.PAUSE);
    c.converge();
    assertThat(c.runningPerNode(web)).isEqualTo(before);

    c.scale(web, 4);
    c.converge();
    assertThat(c.runningPerNode(web)).containsOnly(Map.entry("n1", 1L), Map.entry("n2", 3L));
  }

  @Test
  void drainingTheOnlyNode_leavesTasksPendingWithAReason_untilItIsActiveAgain() {
    Cluster c = new Cluster().nodes(1);
    Service web = c.service(ServiceSpec.of("web", "web:1", 2));
    c.converge();

    c.availability("n1", Availability.DRAIN);
    c.reconcile();
    assertThat(c.ofService(web)).filteredOn(t -> t.desiredState() == DesiredState.SHUTDOWN).hasSize(2)
        .allSatisfy(t -> assertThat(t.message()).isEqualTo("node host-n1 is draining"));
    c.converge();

    assertThat(c.running(web)).isEmpty();
    assertThat(c.ofService(web)).filteredOn(Task::isAlive).hasSize(2).allSatisfy(t -> {
      assertThat(t.state()).isEqualTo(TaskState.PENDING);
      assertThat(t.message()).isEqualTo("no suitable node (1 node not ready or not active)");
    });

    c.availability("n1", Availability.ACTIVE);
    c.converge();

    assertThat(c.running(web)).hasSize(2);
  }

  @Test
  void removedNode_itsTasksAreOrphanedAndRescheduled() {
    Cluster c = new Cluster().nodes(2);
    Service web = c.service(ServiceSpec.of("web", "web:1", 4));
    c.converge();

    c.nodes.remove("n1");
    c.converge();

    assertThat(c.runningPerNode(web)).containsOnly(Map.entry("n2", 4L));
    assertThat(c.ofService(web)).filteredOn(t -> t.state() == TaskState.ORPHANED).hasSize(2)
        .allSatisfy(t -> assertThat(t.message()).isEqualTo("node removed"));
  }
}
