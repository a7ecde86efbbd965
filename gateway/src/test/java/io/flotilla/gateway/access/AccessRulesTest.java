package io.flotilla.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.ApiRole;
import org.junit.jupiter.api.Test;

/** Who may call what: readonly looks, admin changes, health and joining are open. */
class AccessRulesTest {

  @Test
  void healthAndJoining_needNoToken() {
    assertThat(AccessRules.required("GET", "/health")).isEqualTo(Access.OPEN);
    assertThat(AccessRules.required("POST", "/v1/cluster/join")).isEqualTo(Access.OPEN);
  }

  @Test
  void theDashboardsStaticFiles_needNoToken_butOnlyToRead() {
    for (String path : new String[] {"/ui", "/ui/", "/ui/app.js", "/ui/style.css"}) {
      assertThat(AccessRules.required("GET", path)).as(path).isEqualTo(Access.OPEN);
      assertThat(AccessRules.required("HEAD", path)).as(path).isEqualTo(Access.OPEN);
      assertThat(AccessRules.required("POST", path)).as(path).isEqualTo(Access.ADMIN);
    }
    assertThat(AccessRules.required("GET", "/uix")).isEqualTo(Access.READ);
  }

  @Test
  void onlyTheseExactCalls_areOpen() {
    assertThat(AccessRules.required("DELETE", "/health")).isEqualTo(Access.ADMIN);
    assertThat(AccessRules.required("GET", "/v1/cluster/join")).isEqualTo(Access.READ);
    assertThat(AccessRules.required("POST", "/v1/cluster/join/more")).isEqualTo(Access.ADMIN);
  }

  @Test
  void readonly_mayLookAtServicesTasksNodesEventsLogsAndMetrics() {
    for (String path : new String[] {"/v1/services", "/v1/services/web", "/v1/tasks", "/v1/nodes/n1", "/v1/networks",
        "/v1/stacks", "/v1/events", "/v1/services/web/logs", "/v1/tasks/t1/logs", "/metrics"}) {
      Access access = AccessRules.required("GET", path);
      assertThat(access).as(path).isEqualTo(Access.READ);
      assertThat(access.allows(ApiRole.READONLY)).as(path).isTrue();
    }
  }

  @Test
  void everyChange_needsAdmin() {
    assertThat(AccessRules.required("POST", "/v1/services")).isEqualTo(Access.ADMIN);
    assertThat(AccessRules.required("PUT", "/v1/services/web")).isEqualTo(Access.ADMIN);
    assertThat(AccessRules.required("PATCH", "/v1/nodes/n1")).isEqualTo(Access.ADMIN);
    assertThat(AccessRules.required("DELETE", "/v1/networks/app")).isEqualTo(Access.ADMIN);
    assertThat(AccessRules.required("post", "/v1/services/web/scale")).isEqualTo(Access.ADMIN);
  }

  @Test
  void joinTokensAndApiTokens_areForAdminsOnly_evenToLook() {
    for (String path : new String[] {"/v1/cluster/join-tokens", "/v1/cluster/join-tokens/rotate", "/v1/tokens",
        "/v1/tokens/", "/v1/tokens/ci"}) {
      assertThat(AccessRules.required("GET", path)).as(path).isEqualTo(Access.ADMIN);
    }
    assertThat(Access.ADMIN.allows(ApiRole.READONLY)).isFalse();
    assertThat(Access.ADMIN.allows(ApiRole.ADMIN)).isTrue();
  }

  @Test
  void aPathThatOnlyStartsLikeTheTokens_isNotTheirs() {
    assertThat(AccessRules.required("GET", "/v1/tokensx")).isEqualTo(Access.READ);
  }
}
