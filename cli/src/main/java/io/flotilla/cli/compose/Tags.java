package io.flotilla.cli.compose;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Compose's merge tags in an override file (or an extending service): {@code !reset} drops the value the file
 * before set ({@code ports: !reset []}), {@code !override} replaces it whole instead of merging
 * ({@code environment: !override {A: "1"}}). Tags are found by {@link YamlTree} as JSON pointers.
 */
final class Tags {
  static final String RESET = "!reset";
  static final String OVERRIDE = "!override";

  private Tags() {}

  /** {@code merge(base, override)} after the tagged values are taken out of the base (and reset ones of both). */
  static <T extends JsonNode> T merge(JsonNode base, JsonNode override, Map<String, String> tags,
      BiFunction<JsonNode, JsonNode, T> merge) {
    if (tags.isEmpty()) {
      return merge.apply(base, override);
    }
    JsonNode cleanBase = base.deepCopy();
    JsonNode cleanOverride = override.deepCopy();
    reversed(tags).forEach((pointer, tag) -> {
      remove(cleanBase, pointer);
      if (tag.equals(RESET)) {
        remove(cleanOverride, pointer);
      }
    });
    return merge.apply(cleanBase, cleanOverride);
  }

  /** A file merged over nothing: its {@code !reset} values go. */
  static void resetAlone(JsonNode root, Map<String, String> tags) {
    reversed(tags).forEach((pointer, tag) -> {
      if (tag.equals(RESET)) {
        remove(root, pointer);
      }
    });
  }

  /** The tags under {@code prefix} (a pointer), with pointers relative to it. */
  static Map<String, String> under(Map<String, String> tags, String prefix) {
    Map<String, String> inside = new LinkedHashMap<>();
    tags.forEach((pointer, tag) -> {
      if (pointer.startsWith(prefix + "/")) {
        inside.put(pointer.substring(prefix.length()), tag);
      }
    });
    return inside;
  }

  static String pointer(String... keys) {
    StringBuilder pointer = new StringBuilder();
    for (String key : keys) {
      pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  /** Later pointers first, so that removing a list's item leaves the pointers to its earlier items right. */
  private static Map<String, String> reversed(Map<String, String> tags) {
    List<String> pointers = new ArrayList<>(tags.keySet());
    Map<String, String> reversed = new LinkedHashMap<>();
    for (int i = pointers.size() - 1; i >= 0; i--) {
      reversed.put(pointers.get(i), tags.get(pointers.get(i)));
    }
    return reversed;
  }

  private static void remove(JsonNode root, String pointer) {
    if (pointer.isEmpty()) {
      return;
    }
    JsonPointer path = JsonPointer.compile(pointer);
    JsonNode parent = root.at(path.head());
    JsonPointer last = path.last();
    if (parent instanceof ObjectNode object) {
      object.remove(last.getMatchingProperty());
    } else if (parent instanceof ArrayNode array && last.mayMatchElement() && last.getMatchingIndex() < array.size()) {
      array.remove(last.getMatchingIndex());
    }
  }
}
