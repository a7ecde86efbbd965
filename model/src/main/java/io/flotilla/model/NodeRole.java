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
    for (NodeRole r : values()) {
      if (r.json().equalsIgnoreCase(value)) {
        return r;
      }
    }
    throw new InvalidSpecException("role", "must be manager or worker, not '" + value + "'");
  }
}
