package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Active: takes new tasks. Pause: keeps its tasks, takes no new ones. Drain: its tasks move away. */
public enum Availability {
  ACTIVE, PAUSE, DRAIN;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Availability parse(String value) {
    for (Availability a : values()) {
      if (a.json().equalsIgnoreCase(value)) {
        return a;
      }
    }
    throw new InvalidSpecException("availability", "must be active, pause or drain, not '" + value + "'");
  }
}
