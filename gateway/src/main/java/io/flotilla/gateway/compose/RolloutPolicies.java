package io.flotilla.gateway.compose;

import io.flotilla.model.RestartPolicy;
import io.flotilla.model.UpdateConfig;
import java.time.Duration;
import java.util.Set;

/** {@code deploy.restart_policy}, {@code deploy.update_config} and {@code deploy.rollback_config}. */
final class RolloutPolicies {
  private static final Set<String> RESTART = Set.of("condition", "delay", "max_attempts", "window");
  private static final Set<String> UPDATE = Set.of("parallelism", "delay", "failure_action", "monitor",
      "max_failure_ratio", "order");

  private RolloutPolicies() {}

  static RestartPolicy restart(Value policy, Warnings warnings) {
    if (!policy.isMapping()) {
      throw policy.mustBe("a mapping");
    }
    warnings.otherKeys(policy, RESTART);
    RestartPolicy.Condition condition = policy.get("condition").orNull(v -> v.as(RestartPolicy.Condition::parse));
    Duration delay = policy.get("delay").orNull(Value::duration);
    Integer maxAttempts = policy.get("max_attempts").orNull(Value::wholeNumber);
    Duration window = policy.get("window").orNull(Value::duration);
    return policy.build(() -> new RestartPolicy(condition, delay, maxAttempts == null ? 0 : maxAttempts, window));
  }

  static UpdateConfig update(Value config, Warnings warnings) {
    if (!config.isMapping()) {
      throw config.mustBe("a mapping");
    }
    warnings.otherKeys(config, UPDATE);
    Integer parallelism = config.get("parallelism").orNull(Value::wholeNumber);
    Duration delay = config.get("delay").orNull(Value::duration);
    UpdateConfig.FailureAction failureAction =
        config.get("failure_action").orNull(v -> v.as(UpdateConfig.FailureAction::parse));
    Duration monitor = config.get("monitor").orNull(Value::duration);
    Double maxFailureRatio = config.get("max_failure_ratio").orNull(Value::number);
    UpdateConfig.Order order = config.get("order").orNull(v -> v.as(UpdateConfig.Order::parse));
    return config.build(() -> new UpdateConfig(parallelism, delay, failureAction, monitor, maxFailureRatio, order));
  }
}
