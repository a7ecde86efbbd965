package io.flotilla.scheduler.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.NodeRole;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JoinTokensTest {
  private static final String DIGEST = "0".repeat(10) + "a".repeat(40);
  private final ClusterSecret cluster = new ClusterSecret("c1", "s3cr3t-s3cr3t-s3cr3t");

  @Test
  void aCurrentToken_grantsItsRole() {
    Map<NodeRole, Integer> generations = Map.of(NodeRole.WORKER, 0, NodeRole.MANAGER, 0);

    assertThat(JoinTokens.verify(JoinTokens.token(cluster, DIGEST, NodeRole.WORKER, 0), cluster, DIGEST, generations))
        .contains(NodeRole.WORKER);
    assertThat(JoinTokens.verify(JoinTokens.token(cluster, DIGEST, NodeRole.MANAGER, 0), cluster, DIGEST, generations))
        .contains(NodeRole.MANAGER);
  }

  @Test
  void aRotatedToken_isRefused_andTheOtherRoleIsUntouched() {
    String oldWorker = JoinTokens.token(cluster, DIGEST, NodeRole.WORKER, 0);
    Map<NodeRole, Integer> rotated = Map.of(NodeRole.WORKER, 1, NodeRole.MANAGER, 0);

    assertThat(JoinTokens.verify(oldWorker, cluster, DIGEST, rotated)).isEmpty();
    assertThat(JoinTokens.verify(JoinTokens.token(cluster, DIGEST, NodeRole.WORKER, 1), cluster, DIGEST, rotated))
        .contains(NodeRole.WORKER);
    assertThat(JoinTokens.verify(JoinTokens.token(cluster, DIGEST, NodeRole.MANAGER, 0), cluster, DIGEST, rotated))
        .contains(NodeRole.MANAGER);
  }

  @Test
  void tokensOfAnotherCluster_anotherCa_orGarbage_areRefused() {
    ClusterSecret other = new ClusterSecret("c1", "another-secret-entirely");
    String otherDigest = "b".repeat(50);

    assertThat(JoinTokens.verify(JoinTokens.token(other, DIGEST, NodeRole.WORKER, 0), cluster, DIGEST, Map.of()))
        .isEmpty();
    assertThat(JoinTokens.verify(JoinTokens.token(cluster, otherDigest, NodeRole.WORKER, 0), cluster, DIGEST,
        Map.of())).isEmpty();
    assertThat(JoinTokens.verify("FLTKN-1-c1-nonsense", cluster, DIGEST, Map.of())).isEmpty();
    assertThat(JoinTokens.verify(null, cluster, DIGEST, Map.of())).isEmpty();
  }

  @Test
  void theTokenCarriesTheCaDigestButNeverTheSecret() {
    String token = JoinTokens.token(cluster, DIGEST, NodeRole.MANAGER, 3);

    assertThat(token).startsWith("FLTKN-1-" + DIGEST + "-").doesNotContain(cluster.secret());
    assertThat(JoinTokens.caDigest(token)).contains(DIGEST);
    assertThat(JoinTokens.caDigest("FLTKN-1-short-secret")).isEmpty();
    assertThat(JoinTokens.caDigest("SWMTKN-1-" + DIGEST + "-secret")).isEmpty();
    assertThat(JoinTokens.caDigest(null)).isEmpty();
  }
}
