package io.flotilla.model;

import java.util.Map;

/** The engine's logging driver for a task's container and its options ({@code docker run --log-driver}). */
public record LogDriver(String driver, Map<String, String> options) {

  public LogDriver {
    Check.required("logging.driver", driver);
    options = Check.map("logging.options", "a string", options);
  }
}
