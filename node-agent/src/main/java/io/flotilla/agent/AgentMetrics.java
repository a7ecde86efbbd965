package io.flotilla.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/** The agent's meters: container start latency and Docker API errors by operation. */
final class AgentMetrics {
  /** The agent's Docker operations, counted from zero so that a rate of errors exists before the first one. */
  static final List<String> OPERATIONS = List.of("info", "events", "list", "inspect", "create", "start", "stop",
      "remove");

  private final MeterRegistry registry;
  private final Timer containerStart;

  AgentMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.containerStart = Timer.builder("flotilla_agent_container_start")
        .description("Time to create and start a task's container, image pull included")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry);
    OPERATIONS.forEach(this::dockerErrors);
  }

  void containerStarted(Duration took) {
    containerStart.record(took);
  }

  void dockerError(String operation) {
    dockerErrors(operation).increment();
  }

  private Counter dockerErrors(String operation) {
    return Counter.builder("flotilla_agent_docker_errors")
        .description("Docker API calls of this agent that failed, by operation")
        .tag("operation", operation)
        .register(registry);
  }
}
