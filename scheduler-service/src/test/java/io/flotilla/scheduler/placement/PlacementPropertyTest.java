package io.flotilla.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.Availability;
import io.flotilla.model.Node;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.model.PlacementPreference;
import io.flotilla.model.PlacementSpec;
import io.flotilla.model.Resources;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever the cluster and the services, placement never over-commits a node, breaks a
 * constraint nor puts more of a service's tasks on a node than its max replicas per node.
 */
class PlacementPropertyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A constraint and, written independently, what it means. */
  record Rule(String expression, Predicate<Node> holds) {}

  private static final List<Rule> RULES = List.of(
      new Rule("node.labels.zone==a", n -> "a".equals(n.labels().get("zone"))),
      new Rule("node.labels.zone!=b", n -> !"b".equals(n.labels().get("zone"))),
      new Rule("node.role==worker", n -> n.role() == NodeRole.WORKER),
      new Rule("node.role!=worker", n -> n.role() == NodeRole.MANAGER),
      new Rule("node.hostname!=host-n1", n -> !n.hostname().equals("host-n1")),
      new Rule("node.id==n2", n -> n.id().equals("n2")));

  record NodeShape(double cpus, long memory, String zone, NodeRole role, Availability availability, NodeState state) {}

  record Demand(double cpus, long memory, List<Integer> rules, boolean spread, int tasks, int maxPerNode) {}

  @Provide
  Arbitrary<List<NodeShape>> nodes() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 16).map(halves -> halves / 2.0),
            Arbitraries.longs().between(0, 32).map(quarters -> quarters << 28),
            Arbitraries.of("a", "b", "c", "-"),
            Arbitraries.of(NodeRole.class),
            Arbitraries.frequency(Tuple.of(6, Availability.ACTIVE), Tuple.of(1, Availability.PAUSE),
                Tuple.of(1, Availability.DRAIN)),
            Arbitraries.frequency(Tuple.of(6, NodeState.READY), Tuple.of(1, NodeState.DOWN),
                Tuple.of(1, NodeState.UNKNOWN)))
        .as(NodeShape::new).list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<Demand>> demands() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 8).map(quarters -> quarters / 4.0),
            Arbitraries.longs().between(0, 16).map(units -> units << 27),
            Arbitraries.integers().between(0, RULES.size() - 1).list().ofMaxSize(2),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(1, 12),
            Arbitraries.frequency(Tuple.of(2, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3)))
        .as(Demand::new).list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 500)
  void placementNeverOverCommitsANodeNorViolatesAConstraintNorAMaxPerNode(@ForAll("nodes") List<NodeShape> shapes,
      @ForAll("demands") List<Demand> demands) {
    Map<String, Node> nodes = new HashMap<>();
    for (int i = 0; i < shapes.size(); i++) {
      NodeShape s = shapes.get(i);
      String id = "n" + (i + 1);
      nodes.put(id, new Node(id, "host-" + id, "10.0.0." + i, s.role(), s.availability(), s.state(),
          s.zone().equals("-") ? Map.of() : Map.of("zone", s.zone()), new Resources.Amount(s.cpus(), s.memory()),
          "20.10", T0, T0));
    }
    Placement placement = new Placement(nodes.values().stream().map(NodeInfo::empty).toList());
    Map<String, Resources.Amount> reserved = new HashMap<>();

    for (int d = 0; d < demands.size(); d++) {
      Demand demand = demands.get(d);
      List<String> constraints = demand.rules().stream().map(r -> RULES.get(r).expression()).toList();
      ServiceSpec spec = new ServiceSpec("svc" + d, "img:1", null, demand.tasks(), null, null, null, null, null, null,
          new Resources(new Resources.Amount(demand.cpus(), demand.memory()), null),
          new PlacementSpec(constraints, demand.spread() ? List.of(new PlacementPreference("node.labels.zone")) : null,
              demand.maxPerNode()),
          null, null, null, null, null);
      Service service = new Service("s" + d, 1, spec, null, T0, T0);
      Map<String, Integer> ofThisService = new HashMap<>();
      for (int slot = 1; slot <= demand.tasks(); slot++) {
        Placement.Decision decision = placement.place(
            Task.create("t" + d + "." + slot, service, slot, 0, 0, T0), spec, Optional.empty());
        if (decision instanceof Placement.Assigned a) {
          Node node = nodes.get(a.nodeId());
          assertThat(node.isSchedulable()).as("%s is ready and active", node.id()).isTrue();
          for (int r : demand.rules()) {
            assertThat(RULES.get(r).holds().test(node)).as("%s satisfies %s", node.id(), RULES.get(r).expression())
                .isTrue();
          }
          reserved.merge(node.id(), spec.resources().reservations(), Resources.Amount::plus);
          int onNode = ofThisService.merge(node.id(), 1, Integer::sum);
          if (demand.maxPerNode() > 0) {
            assertThat(onNode).as("tasks of svc%d on %s", d, node.id()).isLessThanOrEqualTo(demand.maxPerNode());
          }
        } else {
          assertThat(((Placement.Unplaceable) decision).reason()).startsWith("no suitable node (");
        }
      }
    }

    reserved.forEach((id, amount) -> {
      Resources.Amount capacity = nodes.get(id).resources();
      assertThat(amount.cpus()).as("CPUs reserved on %s", id).isLessThanOrEqualTo(capacity.cpus() + 1e-6);
      assertThat(amount.memoryBytes()).as("memory reserved on %s", id).isLessThanOrEqualTo(capacity.memoryBytes());
    });
  }
}
