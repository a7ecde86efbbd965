package io.flotilla.model.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.Availability;
import io.flotilla.model.DesiredState;
import io.flotilla.model.Node;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.model.Resources;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSourcesTest {
  private static final Instant T0 = Instant.parse("2026-12-02T03:00:00Z");

  private static Node node(String id, String hostname, String address, NodeState state) {
    return new Node(id, hostname, address, NodeRole.WORKER, Availability.ACTIVE, state, Map.of(),
        Resources.Amount.ZERO, "20.10", T0, T0);
  }

  private static Task task(String id, int slot, String nodeId, String containerId, TaskState state) {
    return new Task(id, "svc1", "web", slot, 1, nodeId, DesiredState.RUNNING, state, null, null, null, containerId,
        0, 0, T0, T0, null, null, Map.of());
  }

  @Test
  void asksEachNodeForItsTasks_containersOnly() {
    var plan = LogSources.plan(List.of(
            task("t2", 2, "n2", "c2", TaskState.RUNNING),
            task("t1", 1, "n1", "c1", TaskState.RUNNING),
            task("t3", 3, "n1", "c3", TaskState.SHUTDOWN),
            task("t4", 4, "n2", null, TaskState.PENDING)),
        List.of(node("n1", "h1", "10.0.0.1", NodeState.READY), node("n2", "h2", "10.0.0.2", NodeState.READY)));
    assertThat(plan.notices()).isEmpty();
    assertThat(plan.sources()).extracting(s -> s.node().id()).containsExactly("n1", "n2");
    assertThat(plan.sources().get(0).tasks()).extracting(Task::id).containsExactly("t1", "t3");
    assertThat(plan.sources().get(1).tasks()).extracting(Task::id).containsExactly("t2");
  }

  @Test
  void aDownOrForgottenNode_isNamedInANotice_notAsked() {
    var plan = LogSources.plan(List.of(
            task("t1", 1, "n1", "c1", TaskState.RUNNING),
            task("t2", 2, "n2", "c2", TaskState.RUNNING),
            task("t5", 5, "n2", "c5", TaskState.RUNNING),
            task("t3", 3, "gone", "c3", TaskState.RUNNING)),
        List.of(node("n1", "h1", "10.0.0.1", NodeState.READY), node("n2", "fl-h3", "10.77.0.13", NodeState.DOWN)));
    assertThat(plan.sources()).extracting(s -> s.node().id()).containsExactly("n1");
    assertThat(plan.notices()).extracting(LogRecord::line).containsExactly(
        "node fl-h3 (10.77.0.13) is down; the logs of its tasks are left out",
        "node gone is no longer in the cluster; the logs of its tasks are left out");
    assertThat(plan.notices()).allMatch(LogRecord::isNotice);
  }
}
