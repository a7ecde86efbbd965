package io.flotilla.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(1);

  private static NodeDescription described(Map<String, String> labels) {
    return new NodeDescription("n1", "host-1", "10.0.0.1", NodeRole.WORKER, labels,
        new Resources.Amount(2, 1L << 30), "20.10");
  }

  @Test
  void refresh_takesHostFacts_butKeepsTheAvailabilityAndLabelsTheManagersSet() {
    Node registered = Node.register(described(Map.of("zone", "a")), NodeState.READY, T0);
    Node updated = new NodeUpdate(Availability.DRAIN, null, Map.of("zone", "c"), null).applyTo(registered, T0);

    Node refreshed = updated.refresh(described(Map.of("zone", "a", "disk", "ssd")), NodeState.DOWN, T1);

    assertThat(refreshed.availability()).isEqualTo(Availability.DRAIN);
    assertThat(refreshed.labels()).containsExactlyEntriesOf(Map.of("zone", "c"));
    assertThat(refreshed.state()).isEqualTo(NodeState.DOWN);
  }

  @Test
  void update_replacesOrEditsLabels() {
    Node node = Node.register(described(Map.of("zone", "a", "disk", "hdd")), NodeState.READY, T0);

    assertThat(new NodeUpdate(null, Map.of("rack", "7"), null, null).applyTo(node, T1).labels())
        .containsExactlyEntriesOf(Map.of("rack", "7"));
    assertThat(new NodeUpdate(null, null, Map.of("disk", "ssd"), List.of("zone")).applyTo(node, T1).labels())
        .containsExactlyEntriesOf(Map.of("disk", "ssd"));
    assertThat(new NodeUpdate(Availability.PAUSE, null, null, null).applyTo(node, T1))
        .satisfies(n -> assertThat(n.availability()).isEqualTo(Availability.PAUSE))
        .satisfies(n -> assertThat(n.updatedAt()).isEqualTo(T1));
  }

  @Test
  void anUpdateThatChangesNothing_returnsTheNodeUnchanged() {
    Node node = Node.register(described(Map.of("zone", "a")), NodeState.READY, T0);

    assertThat(new NodeUpdate(Availability.ACTIVE, null, Map.of("zone", "a"), null).applyTo(node, T1)).isSameAs(node);
  }

  @Test
  void contradictoryUpdates_areRejectedNamingTheField() {
    assertThatThrownBy(() -> new NodeUpdate(null, Map.of("a", "1"), Map.of("b", "2"), null))
        .hasMessageStartingWith("labels: cannot be combined with labelsAdd or labelsRemove");
    assertThatThrownBy(() -> new NodeUpdate(null, null, Map.of("zone", "c"), List.of("zone")))
        .hasMessage("labelsRemove[0]: 'zone' is also in labelsAdd; a label is either added or removed");
    assertThatThrownBy(() -> new NodeUpdate(null, null, Map.of(" ", "c"), null))
        .hasMessage("labelsAdd: a label name must not be empty");
  }
}
