package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum NodeRole {
  MANAGER, WORKER;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static NodeRole parse(String value) {
    return Check.oneOf(values(), NodeRole::json, value, "role");
  }
}
