package io.flotilla.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A change the managers make to a node: its availability, and its labels, either replaced as
 * a whole ({@code labels}) or edited ({@code labelsAdd} sets keys, {@code labelsRemove} drops
 * them). A null {@code availability} or {@code labels} leaves that part as it is.
 */
public record NodeUpdate(Availability availability, Map<String, String> labels, Map<String, String> labelsAdd,
    List<String> labelsRemove) {

  public NodeUpdate {
    Check.that(labels == null || isEmpty(labelsAdd) && (labelsRemove == null || labelsRemove.isEmpty()), "labels",
        "cannot be combined with labelsAdd or labelsRemove: send either the full set or the changes");
    labels = labels == null ? null : checkedLabels("labels", labels);
    labelsAdd = labelsAdd == null ? Map.of() : checkedLabels("labelsAdd", labelsAdd);
    List<String> remove = labelsRemove == null ? List.of() : labelsRemove;
    for (int i = 0; i < remove.size(); i++) {
      String key = remove.get(i);
      Check.that(key != null && !key.isBlank(), "labelsRemove[" + i + "]", "must be a label name");
      Check.that(!labelsAdd.containsKey(key), "labelsRemove[" + i + "]",
          "'" + key + "' is also in labelsAdd; a label is either added or removed");
    }
    labelsRemove = List.copyOf(remove);
  }

  private static boolean isEmpty(Map<String, String> labels) {
    return labels == null || labels.isEmpty();
  }

  private static Map<String, String> checkedLabels(String field, Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      Check.that(e.getKey() != null && !e.getKey().isBlank(), field, "a label name must not be empty");
      Check.that(e.getValue() != null, field + "." + e.getKey(), "must be a string, not null");
    }
    return Map.copyOf(labels);
  }

  /** {@code node} with this change made, or {@code node} itself when nothing changes. */
  public Node applyTo(Node node, Instant now) {
    Map<String, String> newLabels = new HashMap<>(labels != null ? labels : node.labels());
    newLabels.putAll(labelsAdd);
    labelsRemove.forEach(newLabels::remove);
    Availability newAvailability = availability != null ? availability : node.availability();
    if (newAvailability == node.availability() && newLabels.equals(node.labels())) {
      return node;
    }
    return node.managed(newAvailability, newLabels, now);
  }
}
