package io.flotilla.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation helpers for compact constructors: each failure names its field. */
final class Check {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");

  private Check() {}

  /** A name of an object the user makes: a service, a network, an API token. */
  static String name(String field, String value) {
    required(field, value);
    that(NAME.matcher(value).matches(), field, "must start with a letter or digit and contain only letters, digits,"
        + " '_', '.' or '-' (at most 63 characters), not '" + value + "'");
    return value;
  }

  static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidSpecException(field, "is required");
    }
    return value;
  }

  /** An immutable copy of {@code value} (empty when absent); a null element is an error naming its index. */
  static <T> List<T> list(String field, String element, List<T> value) {
    if (value == null) {
      return List.of();
    }
    for (int i = 0; i < value.size(); i++) {
      that(value.get(i) != null, field + "[" + i + "]", "expected " + element + ", not null");
    }
    return List.copyOf(value);
  }

  /** An immutable copy of {@code value} (empty when absent); a null value is an error naming its key. */
  static <V> Map<String, V> map(String field, String element, Map<String, V> value) {
    if (value == null) {
      return Map.of();
    }
    value.forEach((key, v) -> that(v != null, field + "." + key, "expected " + element + ", not null"));
    return Map.copyOf(value);
  }

  /** The value among {@code values} whose JSON name is {@code text} (any case), or an error listing them. */
  static <E> E oneOf(E[] values, java.util.function.Function<E, String> json, String text, String field) {
    for (E value : values) {
      if (json.apply(value).equalsIgnoreCase(text)) {
        return value;
      }
    }
    List<String> names = java.util.Arrays.stream(values).map(json).toList();
    String choices = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    throw new InvalidSpecException(field, "must be " + choices + ", not '" + text + "'");
  }

  static void that(boolean condition, String field, String problem) {
    if (!condition) {
      throw new InvalidSpecException(field, problem);
    }
  }
}
