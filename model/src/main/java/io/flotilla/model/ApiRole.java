package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an API token may do: {@code admin} everything, {@code readonly} look (reads, events, logs, metrics). */
public enum ApiRole {
  ADMIN, READONLY;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ApiRole parse(String value) {
    return Check.oneOf(values(), ApiRole::json, value, "role");
  }
}
