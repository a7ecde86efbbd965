package io.flotilla.scheduler.placement;

import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Chooses a node for each task. Filters remove the nodes that cannot take it; among the rest,
 * spread prefers the node with the fewest tasks of the same service, then the fewest tasks
 * overall, then the lowest id (so the choice is deterministic). Each placement counts toward
 * the next one within the same call.
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
    List<NodeInfo> candidates = new ArrayList<>();
    Map<Filter, Integer> refusals = new LinkedHashMap<>();
    for (NodeInfo node : nodes.values()) {
      if (onlyNode.isPresent() && !onlyNode.get().equals(node.node().id())) {
        continue;
      }
      Filter refused = firstRefusal(node, spec);
      if (refused == null) {
        candidates.add(node);
      } else {
        refusals.merge(refused, 1, Integer::sum);
      }
    }
    if (candidates.isEmpty()) {
      return new Unplaceable(task, explain(refusals));
    }
    NodeInfo best = candidates.stream()
        .min(Comparator.comparingInt((NodeInfo n) -> n.tasksOf(task.serviceId()))
            .thenComparingInt(NodeInfo::taskCount)
            .thenComparing(n -> n.node().id()))
        .orElseThrow();
    nodes.put(best.node().id(), best.plus(task, spec));
    return new Assigned(task, best.node().id());
  }

  private static Filter firstRefusal(NodeInfo node, ServiceSpec spec) {
    for (Filter filter : Filters.ALL) {
      if (filter.appliesTo(spec) && !filter.accepts(node, spec)) {
        return filter;
      }
    }
    return null;
  }

  private static String explain(Map<Filter, Integer> refusals) {
    if (refusals.isEmpty()) {
      return "no suitable node (no nodes in the cluster)";
    }
    return refusals.entrySet().stream()
        .sorted(Map.Entry.<Filter, Integer>comparingByValue().reversed())
        .map(e -> e.getKey().explain(e.getValue()))
        .collect(Collectors.joining("; ", "no suitable node (", ")"));
  }
}
