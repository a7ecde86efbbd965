package io.flotilla.scheduler.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Messages.FieldChange;
import io.flotilla.model.PortConfig;
import io.flotilla.model.Resources;
import io.flotilla.model.ServiceSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecDiffTest {
  private static ServiceSpec spec(String image, Map<String, String> env, List<PortConfig> ports, long memory) {
    return new ServiceSpec("web", image, null, 2, null, null, env, null, ports, null,
        new Resources(null, new Resources.Amount(0, memory)), null, null, null, null, null, null);
  }

  @Test
  void sameSpecs_haveNoChanges() {
    ServiceSpec a = spec("web:1", Map.of("A", "1"), List.of(PortConfig.parse("8080:80")), 0);

    assertThat(SpecDiff.between(a, a)).isEmpty();
  }

  @Test
  void mappings_areComparedKeyByKey_listsAndScalarsWhole() {
    ServiceSpec before = spec("web:1", Map.of("A", "1", "B", "2"), List.of(PortConfig.parse("8080:80")), 0);
    ServiceSpec after = spec("web:2", Map.of("A", "1", "C", "3"), List.of(PortConfig.parse("8081:80")), 1024);

    assertThat(SpecDiff.between(before, after).stream()
        .map(c -> c.field() + ": " + c.from() + " -> " + c.to())).containsExactly(
        "env.B: 2 -> null",
        "env.C: null -> 3",
        "image: web:1 -> web:2",
        "ports: [{\"published\":8080,\"target\":80,\"protocol\":\"tcp\",\"mode\":\"ingress\"}]"
            + " -> [{\"published\":8081,\"target\":80,\"protocol\":\"tcp\",\"mode\":\"ingress\"}]",
        "resources.limits.memoryBytes: 0 -> 1024");
  }

  @Test
  void anEmptyList_orMapping_isTheSameAsNone() {
    ServiceSpec none = spec("web:1", null, null, 0);
    ServiceSpec empty = spec("web:1", Map.of(), List.of(), 0);

    assertThat(SpecDiff.between(none, empty)).isEmpty();
    assertThat(SpecDiff.between(none, spec("web:1", Map.of("A", "1"), null, 0)))
        .containsExactly(new FieldChange("env.A", null, "1"));
  }
}
