package io.flotilla.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementSpecTest {

  @Test
  void aMalformedConstraint_isRejectedNamingItsPosition() {
    assertThatThrownBy(() -> new PlacementSpec(List.of("node.role!=manager", "zone=a"), null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("placement.constraints[1]: expected <key>==<value>")
        .extracting(e -> ((InvalidSpecException) e).field()).isEqualTo("placement.constraints[1]");
  }

  @Test
  void aPreference_mustSpreadOverANodeLabel() {
    assertThatThrownBy(() -> new PlacementSpec(null,
        List.of(new PlacementPreference("node.labels.zone"), new PlacementPreference("node.hostname"))))
        .hasMessage("placement.preferences[1].spread: expected node.labels.<name>, not 'node.hostname'");
    assertThatThrownBy(() -> new PlacementSpec(null, List.of(new PlacementPreference(null))))
        .hasMessage("placement.preferences[0].spread: is required");
  }

  @Test
  void constraints_areKeptInCanonicalForm() {
    PlacementSpec spec = new PlacementSpec(List.of(" node.labels.zone == a "), null);

    assertThat(spec.constraints()).containsExactly("node.labels.zone==a");
  }

  @Test
  void placement_travelsAsTheDocumentedJson() {
    String json = "{\"name\":\"web\",\"image\":\"web:1\",\"placement\":{\"constraints\":[\"node.labels.zone==a\"],"
        + "\"preferences\":[{\"spread\":\"node.labels.zone\"}]}}";

    ServiceSpec spec = io.flotilla.bus.Json.decode(json, ServiceSpec.class);

    assertThat(spec.placement().constraints()).containsExactly("node.labels.zone==a");
    assertThat(spec.placement().preferences()).containsExactly(new PlacementPreference("node.labels.zone"));
    assertThat(io.flotilla.bus.Json.encode(spec.placement()))
        .isEqualTo("{\"constraints\":[\"node.labels.zone==a\"],\"preferences\":[{\"spread\":\"node.labels.zone\"}]}");
  }

  @Test
  void aServiceSpecWithoutPlacement_hasNone() {
    assertThat(ServiceSpec.of("web", "web:1", 1).placement()).isEqualTo(PlacementSpec.NONE);
    assertThat(PlacementSpec.NONE.constraints()).isEmpty();
    assertThat(PlacementSpec.NONE.preferences()).isEmpty();
  }
}
