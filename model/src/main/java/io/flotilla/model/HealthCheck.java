package io.flotilla.model;

import java.time.Duration;
import java.util.List;

/**
 * A container health check, as Docker runs it: {@code test} is {@code ["CMD", args...]},
 * {@code ["CMD-SHELL", "command"]} or {@code ["NONE"]} (switch off the image's own check).
 * Null durations and retries leave Docker's defaults (30 s, 30 s, 3, 0 s).
 */
public record HealthCheck(List<String> test, Duration interval, Duration timeout, Integer retries,
    Duration startPeriod) {

  public HealthCheck {
    test = Check.list("healthcheck.test", "a string", test);
    Check.that(!test.isEmpty(), "healthcheck.test", "is required, e.g. [\"CMD-SHELL\", \"wget -q -O- localhost\"]");
    String kind = test.get(0);
    Check.that(kind.equals("CMD") || kind.equals("CMD-SHELL") || kind.equals("NONE"), "healthcheck.test",
        "must start with CMD, CMD-SHELL or NONE, not '" + kind + "'");
    Check.that(!kind.equals("NONE") || test.size() == 1, "healthcheck.test", "NONE takes no arguments");
    Check.that(kind.equals("NONE") || test.size() > 1, "healthcheck.test", kind + " needs a command");
    positive("healthcheck.interval", interval);
    positive("healthcheck.timeout", timeout);
    Check.that(startPeriod == null || !startPeriod.isNegative(), "healthcheck.startPeriod", "must not be negative");
    Check.that(retries == null || retries >= 0, "healthcheck.retries", "must not be negative");
  }

  private static void positive(String field, Duration value) {
    Check.that(value == null || value.compareTo(Duration.ofMillis(1)) >= 0, field, "must be at least 1ms");
  }

  public boolean disables() {
    return test.get(0).equals("NONE");
  }
}
