package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Replicated: a fixed number of tasks. Global: one task per eligible node. */
public enum ServiceMode {
  REPLICATED,
  GLOBAL;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ServiceMode parse(String value) {
    return Check.oneOf(values(), ServiceMode::json, value, "mode");
  }
}
