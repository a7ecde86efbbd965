package io.flotilla.gateway.compose;

import io.flotilla.model.EndpointMode;
import io.flotilla.model.PlacementSpec;
import io.flotilla.model.Resources;
import io.flotilla.model.RestartPolicy;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.UpdateConfig;
import java.util.Map;
import java.util.Set;

/**
 * What a service's {@code deploy} section sets in its spec. A part the file leaves out is null,
 * so the model's default applies.
 */
record Deployment(ServiceMode mode, Integer replicas, Map<String, String> labels, PlacementSpec placement,
    Resources resources, RestartPolicy restartPolicy, UpdateConfig updateConfig, UpdateConfig rollbackConfig,
    EndpointMode endpointMode) {

  private static final Set<String> SUPPORTED = Set.of("mode", "replicas", "labels", "placement", "resources",
      "restart_policy", "update_config", "rollback_config", "endpoint_mode");

  static Deployment parse(Value deploy, Warnings warnings) {
    if (!deploy.isAbsent() && !deploy.isMapping()) {
      throw deploy.mustBe("a mapping");
    }
    warnings.otherKeys(deploy, SUPPORTED);
    ServiceMode mode = deploy.get("mode").orNull(v -> v.as(ServiceMode::parse));
    Value replicasValue = deploy.get("replicas");
    Integer replicas = replicasValue.orNull(Value::wholeNumber);
    if (replicas != null && mode == ServiceMode.GLOBAL) {
      throw replicasValue.error("cannot be set for a global service");
    }
    return new Deployment(mode, replicas, KeyValues.labels(deploy.get("labels")),
        deploy.get("placement").orNull(v -> Placements.parse(v, warnings)),
        deploy.get("resources").orNull(v -> ResourceAmounts.parse(v, warnings)),
        deploy.get("restart_policy").orNull(v -> RolloutPolicies.restart(v, warnings)),
        deploy.get("update_config").orNull(v -> RolloutPolicies.update(v, warnings)),
        deploy.get("rollback_config").orNull(v -> RolloutPolicies.update(v, warnings)),
        deploy.get("endpoint_mode").orNull(v -> v.as(EndpointMode::parse)));
  }
}
