package io.flotilla.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The agent's meters: container start latency and Docker API errors by operation. */
final class AgentMetrics {
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
  }

  void containerStarted(Duration took) {
    containerStart.record(took);
  }

  void dockerError(String operation) {
    Counter.builder("flotilla_agent_docker_errors")
        .description("Docker API calls that failed")
        .tag("operation", operation)
        .register(registry)
        .increment();
  }
}
