package io.flotilla.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How Compose merges an override file into the file before it (and a service into the one it
 * {@code extends}), per the Compose Specification's merge rules: mappings merge key by key, a scalar of the
 * override replaces; {@code command}, {@code entrypoint} and {@code healthcheck.test} are replaced whole;
 * {@code environment}, {@code labels}, {@code extra_hosts}, {@code sysctls}, {@code build.args} and
 * {@code deploy.labels} merge by key whether written as a list or a mapping; service {@code networks} and
 * {@code depends_on} merge by name; {@code volumes} by target, {@code secrets}/{@code configs} by target
 * (or source); other sequences ({@code ports}, {@code expose}, {@code dns}, {@code cap_add}, ...) append
 * what the override adds, each entry once. {@link Tags} handles {@code !reset} and {@code !override} first.
 */
final class Merge {
  private static final Set<String> REPLACED = Set.of("command", "entrypoint");
  private static final Set<String> BY_KEY = Set.of("environment", "labels", "extra_hosts", "sysctls", "annotations");
  private static final Set<String> BY_NAME = Set.of("networks", "depends_on");
  private static final Set<String> TOP_LEVEL_BY_NAME = Set.of("services", "networks", "volumes", "secrets", "configs");

  private Merge() {}

  /** A whole compose file over another. */
  static ObjectNode files(JsonNode base, JsonNode override) {
    ObjectNode merged = base.deepCopy();
    override.fields().forEachRemaining(e -> {
      String key = e.getKey();
      JsonNode baseValue = merged.get(key);
      if (key.equals("services") && baseValue != null && baseValue.isObject() && e.getValue().isObject()) {
        ObjectNode services = (ObjectNode) baseValue;
        e.getValue().fields().forEachRemaining(s -> services.set(s.getKey(), services.has(s.getKey())
            ? service(services.get(s.getKey()), s.getValue()) : s.getValue().deepCopy()));
      } else if (TOP_LEVEL_BY_NAME.contains(key) && baseValue != null) {
        merged.set(key, deep(baseValue, e.getValue()));
      } else {
        merged.set(key, e.getValue().deepCopy());
      }
    });
    return merged;
  }

  /** A service definition over another. */
  static JsonNode service(JsonNode base, JsonNode override) {
    if (!base.isObject() || !override.isObject()) {
      return override.isNull() ? base.deepCopy() : override.deepCopy();
    }
    ObjectNode merged = base.deepCopy();
    override.fields().forEachRemaining(e -> {
      String key = e.getKey();
      JsonNode value = e.getValue();
      JsonNode old = merged.get(key);
      if (old == null || old.isNull() || REPLACED.contains(key)) {
        merged.set(key, value.deepCopy());
      } else if (BY_KEY.contains(key)) {
        merged.set(key, byKey(old, value));
      } else if (BY_NAME.contains(key)) {
        merged.set(key, old.isArray() && value.isArray() ? appendOnce(old, value, Merge::itself)
            : deep(asMapping(old), asMapping(value)));
      } else if (key.equals("volumes")) {
        merged.set(key, appendOnce(old, value, Merge::mountTarget));
      } else if (key.equals("secrets") || key.equals("configs")) {
        merged.set(key, appendOnce(old, value, Merge::fileTarget));
      } else if (key.equals("healthcheck") && old.isObject() && value.isObject()) {
        ObjectNode check = (ObjectNode) deep(old, value);
        if (value.has("test")) {
          check.set("test", value.get("test").deepCopy());
        }
        merged.set(key, check);
      } else if ((key.equals("build") || key.equals("deploy")) && old.isObject() && value.isObject()) {
        ObjectNode nested = (ObjectNode) deep(old, value);
        String byKey = key.equals("build") ? "args" : "labels";
        if (old.has(byKey) && value.has(byKey)) {
          nested.set(byKey, byKey(old.get(byKey), value.get(byKey)));
        }
        merged.set(key, nested);
      } else {
        merged.set(key, deep(old, value));
      }
    });
    return merged;
  }

  /** Mappings key by key, sequences appended once, anything else replaced. */
  static JsonNode deep(JsonNode base, JsonNode override) {
    if (base.isObject() && override.isObject()) {
      ObjectNode merged = base.deepCopy();
      override.fields().forEachRemaining(e -> merged.set(e.getKey(),
          merged.has(e.getKey()) && !merged.get(e.getKey()).isNull() ? deep(merged.get(e.getKey()), e.getValue())
              : e.getValue().deepCopy()));
      return merged;
    }
    if (base.isArray() && override.isArray()) {
      return appendOnce(base, override, Merge::itself);
    }
    if (base.isArray() && override.isTextual()) {
      return appendOnce(base, JsonNodeFactory.instance.arrayNode().add(override), Merge::itself);
    }
    return override.isNull() ? base.deepCopy() : override.deepCopy();
  }

  /** {@code KEY=VALUE} lists and mappings alike, as a mapping; the override's keys win. */
  static ObjectNode byKey(JsonNode base, JsonNode override) {
    ObjectNode merged = asKeyValues(base);
    merged.setAll(asKeyValues(override));
    return merged;
  }

  static ObjectNode asKeyValues(JsonNode node) {
    ObjectNode map = JsonNodeFactory.instance.objectNode();
    if (node.isObject()) {
      map.setAll(((ObjectNode) node).deepCopy());
    } else if (node.isArray()) {
      node.forEach(item -> {
        String text = item.asText();
        int eq = text.indexOf('=');
        map.set(eq < 0 ? text : text.substring(0, eq), eq < 0 ? NullNode.getInstance()
            : TextNode.valueOf(text.substring(eq + 1)));
      });
    }
    return map;
  }

  private static ObjectNode asMapping(JsonNode node) {
    if (node.isObject()) {
      return (ObjectNode) node;
    }
    ObjectNode map = JsonNodeFactory.instance.objectNode();
    node.forEach(item -> map.set(item.asText(), NullNode.getInstance()));
    return map;
  }

  /** The base's entries, each replaced by the override's of the same key, then the override's new ones. */
  private static JsonNode appendOnce(JsonNode base, JsonNode override, Function<JsonNode, Object> keyOf) {
    Map<Object, JsonNode> entries = new LinkedHashMap<>();
    base.forEach(item -> entries.put(keyOf.apply(item), item.deepCopy()));
    if (override.isArray()) {
      override.forEach(item -> entries.put(keyOf.apply(item), item.deepCopy()));
    } else {
      entries.put(keyOf.apply(override), override.deepCopy());
    }
    ArrayNode merged = JsonNodeFactory.instance.arrayNode();
    entries.values().forEach(merged::add);
    return merged;
  }

  /** A mount's target: {@code target} of the long syntax, the second part of {@code SOURCE:TARGET[:MODE]}. */
  private static Object mountTarget(JsonNode volume) {
    if (volume.isObject()) {
      return volume.path("target").asText();
    }
    String[] parts = volume.asText().split(":");
    return parts.length >= 2 ? parts[1] : parts[0];
  }

  private static Object itself(JsonNode node) {
    return node;
  }

  private static Object fileTarget(JsonNode file) {
    if (file.isObject()) {
      return file.hasNonNull("target") ? file.get("target").asText() : file.path("source").asText();
    }
    return file.asText();
  }
}
