package io.flotilla.gateway.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys that Compose accepts as a list of {@code KEY=VALUE} strings or as a mapping
 * ({@code environment}, {@code labels}). A key written without a value ({@code - KEY} or
 * {@code KEY:}) has a null value; what that means is up to the key.
 */
final class KeyValues {
  private KeyValues() {}

  /** One key and its value (or null), with the path to report it under. */
  record Entry(String path, String key, String value) {}

  /** Labels: a label written without a value is an empty one, as in Docker. */
  static Map<String, String> labels(Value value) {
    Map<String, String> labels = new LinkedHashMap<>();
    parse(value).forEach(e -> labels.put(e.key(), e.value() == null ? "" : e.value()));
    return labels;
  }

  static List<Entry> parse(Value value) {
    List<Entry> entries = new ArrayList<>();
    if (value.isSequence()) {
      for (Value item : value.items()) {
        String text = item.text();
        int eq = text.indexOf('=');
        String key = eq < 0 ? text : text.substring(0, eq);
        if (key.isBlank()) {
          throw item.error("has no name before '=': '" + text + "'");
        }
        entries.add(new Entry(item.path(), key, eq < 0 ? null : text.substring(eq + 1)));
      }
    } else if (!value.isAbsent()) {
      if (!value.isMapping()) {
        throw value.mustBe("a list of KEY=VALUE or a mapping");
      }
      for (Map.Entry<String, Value> e : value.entries().entrySet()) {
        entries.add(new Entry(e.getValue().path(), e.getKey(), e.getValue().orNull(Value::text)));
      }
    }
    return entries;
  }
}
