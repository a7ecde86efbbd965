package io.flotilla.scheduler.placement;

import io.flotilla.model.PlacementPreference;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Chooses a node for each task. Filters remove the nodes that cannot take it (not ready or
 * not active, a constraint unmet, too few resources, a host port taken, the service's limit of
 * tasks per node reached). Among the rest:
 * <ol>
 *   <li>each spread preference, in order, prefers the group of nodes sharing a label value
 *       (nodes without the label are a group of their own) whose feasible nodes run the fewest
 *       tasks of the service — each preference within the groups of the ones before, as in Swarm;
 *   <li>then the node with the fewest tasks of the service, then the fewest tasks overall,
 *       then the lowest id, so the choice is deterministic.
 * </ol>
 * Each placement counts toward the next one within the same call.
 */
public final class Placement {

  /** The outcome for one task: the chosen node, or why there is none. */
  public sealed interface Decision {
    Task task();
  }

  public record Assigned(Task task, String nodeId) implements Decision {}

  public record Unplaceable(Task task, String reason) implements Decision {}

  private final Map<String, NodeInfo> nodes;

  public Placement(List<NodeInfo> nodes) {
    this.nodes = new LinkedHashMap<>();
    nodes.stream().sorted(Comparator.comparing(n -> n.node().id()))
        .forEach(n -> this.nodes.put(n.node().id(), n));
  }

  /**
   * Places one task. {@code onlyNode} restricts it to one node (global services).
   */
  public Decision place(Task task, ServiceSpec spec, Optional<String> onlyNode) {
    List<Filter> pipeline = Filters.pipeline(spec, task.serviceId());
    List<NodeInfo> candidates = new ArrayList<>();
    Map<Filter, Integer> refusals = new LinkedHashMap<>();
    int considered = 0;
    for (NodeInfo node : nodes.values()) {
      if (onlyNode.isPresent() && !onlyNode.get().equals(node.node().id())) {
        continue;
      }
      considered++;
      Filter refused = firstRefusal(pipeline, node, spec);
      if (refused == null) {
        candidates.add(node);
      } else {
        refusals.merge(refused, 1, Integer::sum);
      }
    }
    if (candidates.isEmpty()) {
      return new Unplaceable(task, explain(refusals, considered));
    }
    NodeInfo best = candidates.stream()
        .min(spread(spec.placement().preferences(), task.serviceId(), candidates)
            .thenComparingInt((NodeInfo n) -> n.tasksOf(task.serviceId()))
            .thenComparingInt(NodeInfo::taskCount)
            .thenComparing(n -> n.node().id()))
        .orElseThrow();
    nodes.put(best.node().id(), best.plus(task, spec));
    return new Assigned(task, best.node().id());
  }

  /**
   * Orders nodes by the service's task count in their group at each preference level in turn.
   * The group at level k is the node's values of the first k spread labels, so comparing level
   * by level picks the least loaded group, then the least loaded subgroup within it.
   */
  private static Comparator<NodeInfo> spread(List<PlacementPreference> preferences, String serviceId,
      List<NodeInfo> candidates) {
    Comparator<NodeInfo> order = (a, b) -> 0;
    for (int level = 1; level <= preferences.size(); level++) {
      List<PlacementPreference> upTo = preferences.subList(0, level);
      Map<List<String>, Integer> tasksPerGroup = new HashMap<>();
      candidates.forEach(n -> tasksPerGroup.merge(group(upTo, n), n.tasksOf(serviceId), Integer::sum));
      order = order.thenComparingInt(n -> tasksPerGroup.get(group(upTo, n)));
    }
    return order;
  }

  /** The node's values of the given spread labels; null stands for a missing label. */
  private static List<String> group(List<PlacementPreference> preferences, NodeInfo node) {
    return Arrays.asList(preferences.stream().map(p -> p.valueOn(node.node())).toArray(String[]::new));
  }

  private static Filter firstRefusal(List<Filter> pipeline, NodeInfo node, ServiceSpec spec) {
    for (Filter filter : pipeline) {
      if (!filter.accepts(node, spec)) {
        return filter;
      }
    }
    return null;
  }

  private static String explain(Map<Filter, Integer> refusals, int considered) {
    if (refusals.isEmpty()) {
      return "no suitable node (no nodes in the cluster)";
    }
    return refusals.entrySet().stream()
        .sorted(Map.Entry.<Filter, Integer>comparingByValue().reversed())
        .map(e -> e.getKey().explain(e.getValue(), considered))
        .collect(Collectors.joining("; ", "no suitable node (", ")"));
  }
}
