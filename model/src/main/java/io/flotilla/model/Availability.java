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
    return Check.oneOf(values(), Availability::json, value, "availability");
  }
}
