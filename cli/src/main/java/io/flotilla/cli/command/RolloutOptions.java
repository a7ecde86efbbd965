package io.flotilla.cli.command;

import io.flotilla.model.Durations;
import io.flotilla.model.HealthCheck;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.UpdateConfig;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Health-check and rollout flags, shared by {@code service create} and {@code service update}. */
final class RolloutOptions {
  @Option(names = "--health-cmd", paramLabel = "COMMAND", description = "Command that tells whether a task is healthy (run by sh)")
  String healthCmd;
  @Option(names = "--health-interval", paramLabel = "DURATION", description = "Time between health checks (default 30s)")
  String healthInterval;
  @Option(names = "--health-timeout", paramLabel = "DURATION", description = "Longest a check may take (default 30s)")
  String healthTimeout;
  @Option(names = "--health-retries", description = "Failed checks in a row that make a task unhealthy (default 3)")
  Integer healthRetries;
  @Option(names = "--health-start-period", paramLabel = "DURATION", description = "Grace period before failures count")
  String healthStartPeriod;
  @Option(names = "--no-healthcheck", description = "Switch off the image's own health check") boolean noHealthcheck;

  @Option(names = "--update-parallelism", description = "Tasks updated at a time, 0 for all (default 1)")
  Integer updateParallelism;
  @Option(names = "--update-delay", paramLabel = "DURATION", description = "Wait between batches (default 0s)")
  String updateDelay;
  @Option(names = "--update-failure-action", paramLabel = "pause|continue|rollback", description = "On failure (default pause)")
  String updateFailureAction;
  @Option(names = "--update-monitor", paramLabel = "DURATION", description = "How long each new task is watched (default 5s)")
  String updateMonitor;
  @Option(names = "--update-max-failure-ratio", description = "Failures tolerated, 0 to 1 (default 0)")
  Double updateMaxFailureRatio;
  @Option(names = "--update-order", paramLabel = "stop-first|start-first", description = "Stop the old task first, or start the new one first (default stop-first)")
  String updateOrder;
  @Option(names = "--rollback-parallelism", description = "As --update-parallelism, for rollbacks") Integer rollbackParallelism;
  @Option(names = "--rollback-order", paramLabel = "stop-first|start-first", description = "As --update-order, for rollbacks") String rollbackOrder;
  @Option(names = "--rollback-monitor", paramLabel = "DURATION", description = "As --update-monitor, for rollbacks") String rollbackMonitor;

  /** The health check these flags describe, over {@code current}; {@code current} when none is given. */
  HealthCheck healthCheck(HealthCheck current) {
    if (noHealthcheck) {
      return new HealthCheck(List.of("NONE"), null, null, null, null);
    }
    if (healthCmd == null && healthInterval == null && healthTimeout == null && healthRetries == null
        && healthStartPeriod == null) {
      return current;
    }
    List<String> test = healthCmd != null ? List.of("CMD-SHELL", healthCmd)
        : current != null ? current.test() : null;
    if (test == null) {
      throw new CliException("--health-cmd: is required to set up a health check");
    }
    return cli(() -> new HealthCheck(test,
        or(duration("--health-interval", healthInterval), current == null ? null : current.interval()),
        or(duration("--health-timeout", healthTimeout), current == null ? null : current.timeout()),
        or(healthRetries, current == null ? null : current.retries()),
        or(duration("--health-start-period", healthStartPeriod), current == null ? null : current.startPeriod())));
  }

  UpdateConfig updateConfig(UpdateConfig current) {
    return cli(() -> new UpdateConfig(or(updateParallelism, current.parallelism()),
        or(duration("--update-delay", updateDelay), current.delay()),
        updateFailureAction == null ? current.failureAction() : UpdateConfig.FailureAction.parse(updateFailureAction),
        or(duration("--update-monitor", updateMonitor), current.monitor()),
        or(updateMaxFailureRatio, current.maxFailureRatio()),
        updateOrder == null ? current.order() : UpdateConfig.Order.parse(updateOrder)));
  }

  UpdateConfig rollbackConfig(UpdateConfig current) {
    return cli(() -> new UpdateConfig(or(rollbackParallelism, current.parallelism()), current.delay(),
        current.failureAction(), or(duration("--rollback-monitor", rollbackMonitor), current.monitor()),
        current.maxFailureRatio(), rollbackOrder == null ? current.order() : UpdateConfig.Order.parse(rollbackOrder)));
  }

  private static Duration duration(String option, String text) {
    return text == null ? null : Durations.parse(option, text);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /** Model validation speaks of fields; on the command line the flag is what the user typed. */
  private static <T> T cli(java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidSpecException e) {
      String flag = "--" + e.field().replace("healthcheck.", "health-").replace("updateConfig.", "update-")
          .replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
      throw new CliException(flag + ": " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
    }
  }
}
