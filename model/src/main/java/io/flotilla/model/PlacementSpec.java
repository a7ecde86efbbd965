package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a service's tasks may run ({@code constraints}, every one must hold) and how they
 * spread over the nodes that qualify ({@code preferences}, applied in order, each within the
 * groups of the one before) and how many of its tasks one node may run at most
 * ({@code maxReplicasPerNode}, 0 for no limit). Constraints are kept in the canonical form
 * {@code key==value}.
 */
public record PlacementSpec(List<String> constraints, List<PlacementPreference> preferences,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int maxReplicasPerNode) {

  public static final PlacementSpec NONE = new PlacementSpec(null, null);

  public PlacementSpec(List<String> constraints, List<PlacementPreference> preferences) {
    this(constraints, preferences, 0);
  }

  public PlacementSpec {
    Check.that(maxReplicasPerNode >= 0, "placement.maxReplicasPerNode", "must not be negative (0 for no limit)");
    List<String> canonical = new ArrayList<>();
    List<String> given = constraints == null ? List.of() : constraints;
    for (int i = 0; i < given.size(); i++) {
      canonical.add(Constraint.parse("placement.constraints[" + i + "]", given.get(i)).toString());
    }
    constraints = List.copyOf(canonical);
    List<PlacementPreference> prefs = preferences == null ? List.of() : preferences;
    for (int i = 0; i < prefs.size(); i++) {
      String field = "placement.preferences[" + i + "]";
      PlacementPreference p = prefs.get(i);
      Check.that(p != null, field, "is empty; expected {\"spread\": \"node.labels.<name>\"}");
      Check.required(field + ".spread", p.spread());
      Check.that(p.spread().startsWith(Constraint.LABELS) && p.spread().length() > Constraint.LABELS.length(),
          field + ".spread", "expected node.labels.<name>, not '" + p.spread() + "'");
    }
    preferences = List.copyOf(prefs);
  }

  public PlacementSpec withMaxReplicasPerNode(int max) {
    return new PlacementSpec(constraints, preferences, max);
  }

  public List<Constraint> parsedConstraints() {
    return constraints.stream().map(c -> Constraint.parse("placement.constraints", c)).toList();
  }

  /** The first constraint {@code node} fails, if any. */
  public Optional<Constraint> unsatisfiedBy(Node node) {
    return parsedConstraints().stream().filter(c -> !c.isSatisfiedBy(node)).findFirst();
  }

  public boolean isSatisfiedBy(Node node) {
    return unsatisfiedBy(node).isEmpty();
  }
}
