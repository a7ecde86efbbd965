package io.flotilla.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.Availability;
import io.flotilla.model.Node;
import io.flotilla.model.NodeDescription;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.model.NodeUpdate;
import io.flotilla.model.PlacementPreference;
import io.flotilla.model.PlacementSpec;
import io.flotilla.model.Resources;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Node node(String id, Map<String, String> labels) {
    return Node.register(new NodeDescription(id, "host-" + id, "10.0.0.1", NodeRole.WORKER, labels,
        new Resources.Amount(4, 8L << 30), "20.10"), NodeState.READY, T0);
  }

  private static ServiceSpec spec(List<String> constraints, String... spreadOver) {
    return new ServiceSpec("web", "web:1", null, 1, null, null, null, null, null, null, null,
        new PlacementSpec(constraints, Arrays.stream(spreadOver).map(PlacementPreference::new).toList()), null, null, null, null, null);
  }

  /** Places {@code count} tasks of one service and counts them per node. */
  private static Map<String, Integer> placeTasks(List<Node> nodes, ServiceSpec spec, int count) {
    Placement placement = new Placement(nodes.stream().map(NodeInfo::empty).toList());
    Service service = new Service("s1", 1, spec, null, T0, T0);
    Map<String, Integer> perNode = new TreeMap<>();
    for (int slot = 1; slot <= count; slot++) {
      Placement.Decision d = placement.place(Task.create("t" + slot, service, slot, 0, 0, T0), spec, Optional.empty());
      if (d instanceof Placement.Assigned a) {
        perNode.merge(a.nodeId(), 1, Integer::sum);
      }
    }
    return perNode;
  }

  @Test
  void spreadPreferences_applyInOrder_eachWithinTheGroupsOfTheOneBefore() {
    List<Node> nodes = List.of(
        node("n1", Map.of("dc", "1", "rack", "1")),
        node("n2", Map.of("dc", "1", "rack", "2")),
        node("n3", Map.of("dc", "1", "rack", "2")),
        node("n4", Map.of("dc", "2", "rack", "1")));

    Map<String, Integer> perNode = placeTasks(nodes, spec(List.of(), "node.labels.dc", "node.labels.rack"), 8);

    assertThat(perNode).isEqualTo(Map.of("n1", 2, "n2", 1, "n3", 1, "n4", 4));
  }

  @Test
  void spread_onlyCountsTheNodesThatCanTakeTheTask() {
    List<Node> nodes = new ArrayList<>(List.of(
        node("n1", Map.of("zone", "a")), node("n2", Map.of("zone", "a")), node("n3", Map.of("zone", "b"))));
    nodes.set(2, new NodeUpdate(Availability.PAUSE, null, null, null).applyTo(nodes.get(2), T0));

    assertThat(placeTasks(nodes, spec(List.of(), "node.labels.zone"), 4))
        .isEqualTo(Map.of("n1", 2, "n2", 2));
  }

  @Test
  void aTaskForOneNode_explainsThatNodesRefusal() {
    Placement placement = new Placement(List.of(NodeInfo.empty(node("n1", Map.of())), NodeInfo.empty(node("n2", Map.of()))));
    ServiceSpec spec = spec(List.of("node.labels.zone==c"));
    Task task = Task.create("t1", new Service("s1", 1, spec, null, T0, T0), 0, 0, 0, T0);

    assertThat(placement.place(task, spec, Optional.of("n2")))
        .isEqualTo(new Placement.Unplaceable(task, "no suitable node (no node satisfies node.labels.zone==c)"));
  }

  @Test
  void anEmptyCluster_saysSo() {
    ServiceSpec spec = ServiceSpec.of("web", "web:1", 1);
    Task task = Task.create("t1", new Service("s1", 1, spec, null, T0, T0), 1, 0, 0, T0);

    assertThat(new Placement(List.of()).place(task, spec, Optional.empty()))
        .isEqualTo(new Placement.Unplaceable(task, "no suitable node (no nodes in the cluster)"));
  }

  @Test
  void maxReplicasPerNode_leavesTheTasksNoNodeMayTakeUnplaced_withTheReason() {
    ServiceSpec spec = new ServiceSpec("web", "web:1", null, 3, null, null, null, null, null, null, null,
        new PlacementSpec(null, null, 1), null, null, null, null, null);
    Placement placement = new Placement(List.of(NodeInfo.empty(node("n1", Map.of())), NodeInfo.empty(node("n2", Map.of()))));
    Service service = new Service("s1", 1, spec, null, T0, T0);
    List<Placement.Decision> decisions = new ArrayList<>();
    for (int slot = 1; slot <= 3; slot++) {
      decisions.add(placement.place(Task.create("t" + slot, service, slot, 0, 0, T0), spec, Optional.empty()));
    }

    assertThat(decisions.subList(0, 2)).allMatch(d -> d instanceof Placement.Assigned);
    assertThat(decisions.subList(0, 2).stream().map(d -> ((Placement.Assigned) d).nodeId()))
        .containsExactlyInAnyOrder("n1", "n2");
    assertThat(decisions.get(2)).isInstanceOfSatisfying(Placement.Unplaceable.class, u -> assertThat(u.reason())
        .isEqualTo("no suitable node (max replicas per node (1) reached on 2 nodes)"));
  }

  @Test
  void maxReplicasPerNode_countsOnlyTheServicesOwnTasks() {
    ServiceSpec other = spec(List.of());
    ServiceSpec limited = new ServiceSpec("api", "api:1", null, 1, null, null, null, null, null, null, null,
        new PlacementSpec(null, null, 1), null, null, null, null, null);
    Placement placement = new Placement(List.of(NodeInfo.empty(node("n1", Map.of()))));
    placement.place(Task.create("o1", new Service("s1", 1, other, null, T0, T0), 1, 0, 0, T0), other, Optional.empty());

    assertThat(placement.place(Task.create("a1", new Service("s2", 1, limited, null, T0, T0), 1, 0, 0, T0), limited,
        Optional.empty())).isInstanceOf(Placement.Assigned.class);
  }
}
