package io.flotilla.scheduler.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.NodeRole;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JoinTokensTest {
  private final ClusterSecret cluster = new ClusterSecret("c1", "s3cr3t-s3cr3t-s3cr3t");

  @Test
  void aCurrentToken_grantsItsRole() {
    Map<NodeRole, Integer> generations = Map.of(NodeRole.WORKER, 0, NodeRole.MANAGER, 0);

    assertThat(JoinTokens.verify(JoinTokens.token(cluster, NodeRole.WORKER, 0), cluster, generations))
        .contains(NodeRole.WORKER);
    assertThat(JoinTokens.verify(JoinTokens.token(cluster, NodeRole.MANAGER, 0), cluster, generations))
        .contains(NodeRole.MANAGER);
  }

  @Test
  void aRotatedToken_isRefused_andTheOtherRoleIsUntouched() {
    String oldWorker = JoinTokens.token(cluster, NodeRole.WORKER, 0);
    Map<NodeRole, Integer> rotated = Map.of(NodeRole.WORKER, 1, NodeRole.MANAGER, 0);

    assertThat(JoinTokens.verify(oldWorker, cluster, rotated)).isEmpty();
    assertThat(JoinTokens.verify(JoinTokens.token(cluster, NodeRole.WORKER, 1), cluster, rotated)).contains(NodeRole.WORKER);
    assertThat(JoinTokens.verify(JoinTokens.token(cluster, NodeRole.MANAGER, 0), cluster, rotated)).contains(NodeRole.MANAGER);
  }

  @Test
  void tokensOfAnotherCluster_orGarbage_areRefused() {
    ClusterSecret other = new ClusterSecret("c1", "another-secret-entirely");

    assertThat(JoinTokens.verify(JoinTokens.token(other, NodeRole.WORKER, 0), cluster, Map.of())).isEmpty();
    assertThat(JoinTokens.verify("FLTKN-1-c1-nonsense", cluster, Map.of())).isEmpty();
    assertThat(JoinTokens.verify(null, cluster, Map.of())).isEmpty();
  }

  @Test
  void theTokenNeverContainsTheSecret() {
    assertThat(JoinTokens.token(cluster, NodeRole.MANAGER, 3)).startsWith("FLTKN-1-c1-").doesNotContain(cluster.secret());
  }
}
