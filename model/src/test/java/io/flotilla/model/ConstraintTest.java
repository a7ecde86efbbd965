package io.flotilla.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstraintTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Node WORKER_IN_A = node("n1", "host-1", NodeRole.WORKER, Map.of("zone", "a"));
  private static final Node MANAGER_UNLABELLED = node("n2", "host-2", NodeRole.MANAGER, Map.of());

  private static Node node(String id, String hostname, NodeRole role, Map<String, String> labels) {
    return Node.register(new NodeDescription(id, hostname, "10.0.0.1", role, labels, null, "20.10"),
        NodeState.READY, T0);
  }

  private static boolean holds(String constraint, Node node) {
    return Constraint.parse("c", constraint).isSatisfiedBy(node);
  }

  @Test
  void equals_matchesIdHostnameRoleAndLabels() {
    assertThat(holds("node.id==n1", WORKER_IN_A)).isTrue();
    assertThat(holds("node.id==n1", MANAGER_UNLABELLED)).isFalse();
    assertThat(holds("node.hostname==host-2", MANAGER_UNLABELLED)).isTrue();
    assertThat(holds("node.role==manager", MANAGER_UNLABELLED)).isTrue();
    assertThat(holds("node.role==manager", WORKER_IN_A)).isFalse();
    assertThat(holds("node.labels.zone==a", WORKER_IN_A)).isTrue();
    assertThat(holds("node.labels.zone==b", WORKER_IN_A)).isFalse();
  }

  @Test
  void notEquals_isTheOpposite_andANodeWithoutTheLabelSatisfiesIt() {
    assertThat(holds("node.role!=manager", WORKER_IN_A)).isTrue();
    assertThat(holds("node.role!=manager", MANAGER_UNLABELLED)).isFalse();
    assertThat(holds("node.hostname!=host-1", WORKER_IN_A)).isFalse();
    assertThat(holds("node.labels.zone!=a", WORKER_IN_A)).isFalse();
    assertThat(holds("node.labels.zone!=a", MANAGER_UNLABELLED)).isTrue();
    assertThat(holds("node.labels.zone==a", MANAGER_UNLABELLED)).isFalse();
  }

  @Test
  void values_compareCaseInsensitively_andSpacesAroundTheOperatorAreAllowed_likeSwarm() {
    assertThat(holds("node.labels.zone == A", WORKER_IN_A)).isTrue();
    assertThat(holds(" node.role==Worker ", WORKER_IN_A)).isTrue();
    assertThat(Constraint.parse("c", "node.labels.zone == A").toString()).isEqualTo("node.labels.zone==A");
  }

  @Test
  void malformedConstraints_sayWhatIsWrong() {
    assertThatThrownBy(() -> Constraint.parse("c", "node.labels.zone=a"))
        .hasMessage("c: expected <key>==<value> or <key>!=<value>, got 'node.labels.zone=a' (no == or != operator)");
    assertThatThrownBy(() -> Constraint.parse("c", "node.zone==a"))
        .hasMessage("c: unknown key 'node.zone'; use node.id, node.hostname, node.role or node.labels.<name>");
    assertThatThrownBy(() -> Constraint.parse("c", "node.labels.==a")).hasMessageContaining("names no label");
    assertThatThrownBy(() -> Constraint.parse("c", "node.id==")).hasMessageContaining("has no value after ==");
    assertThatThrownBy(() -> Constraint.parse("c", "==a")).hasMessageContaining("has no key");
    assertThatThrownBy(() -> Constraint.parse("c", "node.id==a==b")).hasMessageContaining("more than one operator");
    assertThatThrownBy(() -> Constraint.parse("c", "node.role==boss"))
        .hasMessage("c: node.role is manager or worker, not 'boss'");
    assertThatThrownBy(() -> Constraint.parse("c", " ")).hasMessageContaining("is empty");
  }
}
