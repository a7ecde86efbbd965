package io.flotilla.gateway.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.Durations;
import io.flotilla.model.InvalidSpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A value of the compose file with its key path (e.g. {@code services.web.ports[0]}), read as
 * the type its key expects. Every scalar is the text as written (see {@link YamlTree}), so a
 * number or a boolean is accepted where text is expected and keeps its spelling. A value of
 * the wrong type is an {@link InvalidSpecException} whose field is the key path.
 */
record Value(String path, JsonNode node) {
  /** Model objects whose Compose key is spelled differently (a Mount is an item of volumes). */
  private static final Map<String, Set<String>> COMPOSE_KEYS = Map.of(
      "mounts", Set.of("volumes"),
      "updateConfig", Set.of("update_config", "rollback_config"),
      "resources", Set.of("limits", "reservations"));

  static Value root(JsonNode node) {
    return new Value("", node);
  }

  /** Null, {@code ~} and an empty value count as absent, as in Compose. */
  boolean isAbsent() {
    return node == null || node.isNull() || node.isMissingNode();
  }

  boolean isMapping() {
    return node != null && node.isObject();
  }

  boolean isSequence() {
    return node != null && node.isArray();
  }

  boolean isText() {
    return node != null && node.isTextual();
  }

  /** The value under {@code key}; absent when there is none or this is not a mapping. */
  Value get(String key) {
    return new Value(path.isEmpty() ? key : path + "." + key, isMapping() ? node.get(key) : null);
  }

  /** The entries of a mapping in file order; an absent value has none. */
  Map<String, Value> entries() {
    if (isAbsent()) {
      return Map.of();
    }
    if (!isMapping()) {
      throw mustBe("a mapping");
    }
    Map<String, Value> entries = new LinkedHashMap<>();
    node.fieldNames().forEachRemaining(key -> entries.put(key, get(key)));
    return entries;
  }

  /** The items of a list; an absent value has none. */
  List<Value> items() {
    if (isAbsent()) {
      return List.of();
    }
    if (!isSequence()) {
      throw mustBe("a list");
    }
    List<Value> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      items.add(new Value(path + "[" + i + "]", node.get(i)));
    }
    return items;
  }

  /** A list of texts; a single text counts as a list of one. */
  List<String> texts() {
    if (isText()) {
      return List.of(text());
    }
    return items().stream().map(Value::text).toList();
  }

  String text() {
    return scalar("a single value");
  }

  int wholeNumber() {
    String text = scalar("a whole number");
    if (!text.trim().matches("[+-]?\\d+")) {
      throw error("must be a whole number, not '" + text + "'");
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw error("is too large: " + text);
    }
  }

  double number() {
    String text = scalar("a number");
    if (!text.trim().matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw error("must be a number, not '" + text + "'");
    }
    return Double.parseDouble(text.trim());
  }

  /** YAML 1.1's spellings of a boolean are accepted too, as Compose does. */
  boolean bool() {
    String text = scalar("true or false");
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error("must be true or false, not '" + text + "'");
    };
  }

  Duration duration() {
    return Durations.parse(path, scalar("a duration such as 10s or 1m30s"));
  }

  /** This value read by {@code read}, or null when absent (model records take null as their default). */
  <T> T orNull(Function<Value, T> read) {
    return isAbsent() ? null : read.apply(this);
  }

  /** The text converted by a model parser (e.g. an enum's); its complaint is reported at this path. */
  <T> T as(Function<String, T> parse) {
    String text = text();
    try {
      return parse.apply(text);
    } catch (InvalidSpecException e) {
      throw error(problemOf(e));
    }
  }

  /**
   * Builds a model record from this value; what its constructor rejects is reported at the
   * model's field under this path, spelled as Compose spells it: {@code ports.target} of the
   * port at {@code services.web.ports[0]} is {@code services.web.ports[0].target}.
   */
  <T> T build(Supplier<T> record) {
    try {
      return record.get();
    } catch (InvalidSpecException e) {
      throw new InvalidSpecException(pathOf(e.field()), problemOf(e));
    }
  }

  /**
   * The model names a field from its record down ({@code ports.target}); when that record is
   * the one this path names, its segment is dropped. The rest is spelled in snake_case.
   */
  private String pathOf(String modelField) {
    String head = modelField.split("\\.")[0].replaceAll("\\[\\d+]$", "");
    String ownKey = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
    boolean namesThis = snakeCase(head).equals(ownKey) || COMPOSE_KEYS.getOrDefault(head, Set.of()).contains(ownKey);
    return path + snakeCase(namesThis ? modelField.substring(head.length()) : "." + modelField);
  }

  private static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String problemOf(InvalidSpecException e) {
    String prefix = e.field() + ": ";
    return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
  }

  InvalidSpecException error(String problem) {
    return new InvalidSpecException(path, problem);
  }

  InvalidSpecException mustBe(String expected) {
    return error("must be " + expected + ", not " + describe());
  }

  /** How the value reads in a message: a mapping, a list, or its text in quotes. */
  String describe() {
    if (isMapping()) {
      return "a mapping";
    }
    if (isSequence()) {
      return "a list";
    }
    return isAbsent() ? "empty" : "'" + node.textValue() + "'";
  }

  private String scalar(String expected) {
    if (isAbsent()) {
      throw error("is required");
    }
    if (!isText()) {
      throw mustBe(expected);
    }
    return node.textValue();
  }
}
