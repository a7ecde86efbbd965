package io.flotilla.model.logs;

import io.flotilla.model.Node;
import io.flotilla.model.NodeState;
import io.flotilla.model.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which node to ask for which task's container: every task that has (or had) a container, on
 * the node it ran on. A task whose node is gone from the cluster or down is left out with a
 * notice naming the node, rather than waited for; a task that never got a container has no log.
 */
public final class LogSources {
  private LogSources() {}

  /** One node to ask, and the tasks of it whose containers to read. */
  public record Source(Node node, List<Task> tasks) {
    public Source {
      tasks = List.copyOf(tasks);
    }
  }

  public record Plan(List<Source> sources, List<LogRecord> notices) {
    public Plan {
      sources = List.copyOf(sources);
      notices = List.copyOf(notices);
    }
  }

  public static Plan plan(List<Task> tasks, List<Node> nodes) {
    Map<String, Node> byId = new LinkedHashMap<>();
    nodes.forEach(n -> byId.put(n.id(), n));
    Map<String, List<Task>> asked = new LinkedHashMap<>();
    Map<String, String> missing = new LinkedHashMap<>();
    List<Task> sorted = new ArrayList<>(tasks);
    sorted.sort(Comparator.comparingInt(Task::slot).thenComparing(Task::createdAt,
        Comparator.nullsFirst(Comparator.naturalOrder())));
    for (Task task : sorted) {
      if (task.containerId() == null || task.nodeId() == null) {
        continue;
      }
      Node node = byId.get(task.nodeId());
      if (node == null) {
        missing.putIfAbsent(task.nodeId(), "node " + task.nodeId() + " is no longer in the cluster; the logs of its "
            + "tasks are left out");
      } else if (node.state() == NodeState.DOWN) {
        missing.putIfAbsent(node.id(), "node " + name(node) + " is down; the logs of its tasks are left out");
      } else {
        asked.computeIfAbsent(node.id(), id -> new ArrayList<>()).add(task);
      }
    }
    List<Source> sources = new ArrayList<>();
    asked.forEach((id, list) -> sources.add(new Source(byId.get(id), list)));
    List<LogRecord> notices = new ArrayList<>();
    missing.forEach((id, text) -> notices.add(LogRecord.notice(byId.containsKey(id) ? byId.get(id).hostname() : id,
        text)));
    return new Plan(sources, notices);
  }

  /** How notices name a node: {@code fl-h3 (10.77.0.13)}. */
  public static String name(Node node) {
    return node.address() == null || node.address().isBlank() ? node.hostname()
        : node.hostname() + " (" + node.address() + ")";
  }
}
