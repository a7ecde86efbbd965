package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.error;
import static io.flotilla.gateway.compose.Compose.web;
import static io.flotilla.gateway.compose.Compose.webSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.PlacementPreference;
import io.flotilla.model.PlacementSpec;
import io.flotilla.model.Resources;
import io.flotilla.model.RestartPolicy;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.UpdateConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deploy section: mode, replicas, placement, resources and the restart, update and rollback policies. */
class DeployTest {

  @Test
  void modeAndReplicas() {
    assertThat(webSpec("deploy: {mode: global}").mode()).isEqualTo(ServiceMode.GLOBAL);
    assertThat(webSpec("deploy: {mode: global}").replicas()).isNull();
    assertThat(webSpec("deploy: {replicas: 4}").replicas()).isEqualTo(4);
    assertThat(webSpec("deploy: {replicas: '4'}").replicas()).isEqualTo(4);
    assertThat(webSpec("").replicas()).isEqualTo(1);
  }

  @Test
  void placement_constraintsAreCanonical_andPreferencesSpread() {
    ServiceSpec spec = webSpec("""
        deploy:
          placement:
            constraints: [node.role == worker, "node.labels.zone!=b"]
            preferences:
              - spread: node.labels.zone
        """);

    assertThat(spec.placement()).isEqualTo(new PlacementSpec(List.of("node.role==worker", "node.labels.zone!=b"),
        List.of(new PlacementPreference("node.labels.zone"))));
  }

  @Test
  void resources_cpusAsTextOrNumber_memoryInComposeUnits() {
    ServiceSpec spec = webSpec("""
        deploy:
          resources:
            limits: {cpus: '1.5', memory: 1G}
            reservations: {cpus: 0.25, memory: 100m}
        """);

    assertThat(spec.resources()).isEqualTo(new Resources(new Resources.Amount(0.25, 100L << 20),
        new Resources.Amount(1.5, 1L << 30)));
  }

  @Test
  void restartPolicy() {
    ServiceSpec spec = webSpec("""
        deploy:
          restart_policy:
            condition: on-failure
            delay: 5s
            max_attempts: 3
            window: 1m30s
        """);

    assertThat(spec.restartPolicy()).isEqualTo(new RestartPolicy(RestartPolicy.Condition.ON_FAILURE,
        Duration.ofSeconds(5), 3, Duration.ofSeconds(90)));
  }

  @Test
  void updateAndRollbackConfig() {
    ServiceSpec spec = webSpec("""
        deploy:
          update_config:
            parallelism: 2
            delay: 10s
            failure_action: rollback
            monitor: 30s
            max_failure_ratio: 0.3
            order: start-first
          rollback_config:
            parallelism: 0
            failure_action: continue
        """);

    assertThat(spec.updateConfig()).isEqualTo(new UpdateConfig(2, Duration.ofSeconds(10),
        UpdateConfig.FailureAction.ROLLBACK, Duration.ofSeconds(30), 0.3, UpdateConfig.Order.START_FIRST));
    assertThat(spec.rollbackConfig()).isEqualTo(new UpdateConfig(0, null, UpdateConfig.FailureAction.CONTINUE,
        null, null, null));
  }

  @Test
  void badValues_areErrorsAtTheirKey() {
    assertThat(error(web("deploy: {replicas: three}")))
        .hasMessage("services.web.deploy.replicas: must be a whole number, not 'three'");
    assertThat(error(web("deploy: {replicas: [1]}")))
        .hasMessage("services.web.deploy.replicas: must be a whole number, not a list");
    assertThat(error(web("deploy: {mode: global, replicas: 2}")).field()).isEqualTo("services.web.deploy.replicas");
    assertThat(error(web("deploy: {mode: replicated-job}")))
        .hasMessage("services.web.deploy.mode: must be replicated or global, not 'replicated-job'");
    assertThat(error(web("deploy: {placement: {constraints: [node.zone==a]}}")).field())
        .isEqualTo("services.web.deploy.placement.constraints[0]");
    assertThat(error(web("deploy: {placement: {preferences: [{spread: zone}]}}")).field())
        .isEqualTo("services.web.deploy.placement.preferences[0].spread");
    assertThat(error(web("deploy: {resources: {limits: {memory: lots}}}")).field())
        .isEqualTo("services.web.deploy.resources.limits.memory");
    assertThat(error(web("deploy: {resources: {limits: {cpus: -1}}}")).field())
        .isEqualTo("services.web.deploy.resources.limits.cpus");
    assertThat(error(web("deploy: {restart_policy: {condition: always}}")))
        .hasMessage("services.web.deploy.restart_policy.condition: must be none, on-failure or any, not 'always'");
    assertThat(error(web("deploy: {restart_policy: {delay: soon}}")).field())
        .isEqualTo("services.web.deploy.restart_policy.delay");
    assertThat(error(web("deploy: {update_config: {max_failure_ratio: 2}}")))
        .hasMessage("services.web.deploy.update_config.max_failure_ratio: must be between 0 and 1, got 2.0");
    assertThat(error(web("deploy: {rollback_config: {order: random}}")).field())
        .isEqualTo("services.web.deploy.rollback_config.order");
  }

  @Test
  void deployKeysFlotillaLacks_areWarnings() {
    assertThat(Compose.parse(web("""
        deploy:
          endpoint_mode: dnsrr
          placement: {max_replicas_per_node: 1}
          resources: {limits: {pids: 10}, reservations: {devices: []}}
          restart_policy: {condition: any, x-note: fine}
        """)).warnings()).containsExactly(
        "services.web.deploy.resources.reservations.devices: not supported, ignored");
  }
}
