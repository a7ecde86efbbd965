package io.flotilla.model;

import java.util.List;
import java.util.Map;

/** Validation helpers for compact constructors: each failure names its field. */
final class Check {
  private Check() {}

  static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidSpecException(field, "is required");
    }
    return value;
  }

  static <T> List<T> list(List<T> value) {
    return value == null ? List.of() : List.copyOf(value);
  }

  static <K, V> Map<K, V> map(Map<K, V> value) {
    return value == null ? Map.of() : Map.copyOf(value);
  }

  static void that(boolean condition, String field, String problem) {
    if (!condition) {
      throw new InvalidSpecException(field, problem);
    }
  }
}
