package io.flotilla.scheduler.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Json;

/**
 * What applying a command answers: a value for the one who proposed it, or why it changed
 * nothing, with the status the API gives that reason.
 */
public record Outcome(int status, String error, JsonNode value) {
  public static final int OK = 200;

  public static Outcome ok(Object value) {
    return new Outcome(OK, null, value == null ? null : Json.MAPPER.valueToTree(value));
  }

  public static Outcome rejected(int status, String error) {
    return new Outcome(status, error, null);
  }

  public static Outcome notFound(String what, String ref) {
    return rejected(Failures.NOT_FOUND, "no such " + what + ": " + ref);
  }

  public boolean isOk() {
    return status == OK;
  }

  public <T> T value(Class<T> type) {
    return Json.MAPPER.convertValue(value, type);
  }
}
