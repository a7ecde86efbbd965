package io.flotilla.gateway.compose;

import io.flotilla.model.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A service's {@code healthcheck}: a {@code test} string runs in a shell (CMD-SHELL), a list is
 * taken as Docker's form, {@code disable: true} switches off the image's own check (NONE).
 */
final class HealthChecks {
  private static final Set<String> SUPPORTED = Set.of("test", "interval", "timeout", "start_period", "retries",
      "disable");

  private HealthChecks() {}

  static HealthCheck parse(Value healthcheck, Warnings warnings) {
    if (!healthcheck.isMapping()) {
      throw healthcheck.mustBe("a mapping");
    }
    warnings.otherKeys(healthcheck, SUPPORTED);
    Value test = healthcheck.get("test");
    if (Boolean.TRUE.equals(healthcheck.get("disable").orNull(Value::bool))) {
      if (!test.isAbsent()) {
        throw healthcheck.get("disable").error("cannot be true when a test is given");
      }
      return new HealthCheck(List.of("NONE"), null, null, null, null);
    }
    List<String> command = new ArrayList<>();
    if (test.isSequence()) {
      command.addAll(test.texts());
    } else if (!test.isAbsent()) {
      command.add("CMD-SHELL");
      command.add(test.text());
    }
    Duration interval = healthcheck.get("interval").orNull(Value::duration);
    Duration timeout = healthcheck.get("timeout").orNull(Value::duration);
    Duration startPeriod = healthcheck.get("start_period").orNull(Value::duration);
    Integer retries = healthcheck.get("retries").orNull(Value::wholeNumber);
    return healthcheck.build(() -> new HealthCheck(command, interval, timeout, retries, startPeriod));
  }
}
