package io.flotilla.gateway.compose;

import io.flotilla.model.Constraint;
import io.flotilla.model.PlacementPreference;
import io.flotilla.model.PlacementSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code deploy.placement}: constraints such as {@code node.hostname==db-1}, {@code spread}
 * preferences and {@code max_replicas_per_node}.
 */
final class Placements {
  private static final Set<String> SUPPORTED = Set.of("constraints", "preferences", "max_replicas_per_node");

  private Placements() {}

  static PlacementSpec parse(Value placement, Warnings warnings) {
    if (!placement.isMapping()) {
      throw placement.mustBe("a mapping");
    }
    warnings.otherKeys(placement, SUPPORTED);
    List<String> constraints = new ArrayList<>();
    for (Value constraint : placement.get("constraints").items()) {
      constraints.add(Constraint.parse(constraint.path(), constraint.text()).toString());
    }
    List<PlacementPreference> preferences = new ArrayList<>();
    for (Value preference : placement.get("preferences").items()) {
      if (!preference.isMapping()) {
        throw preference.mustBe("a mapping such as {spread: node.labels.zone}");
      }
      warnings.otherKeys(preference, Set.of("spread"));
      preferences.add(new PlacementPreference(preference.get("spread").text()));
    }
    Integer max = placement.get("max_replicas_per_node").orNull(Value::wholeNumber);
    return placement.build(() -> new PlacementSpec(constraints, preferences, max == null ? 0 : max));
  }
}
