package io.flotilla.scheduler.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages.FieldChange;
import io.flotilla.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The fields in which two service specs differ, as the API's JSON names them ({@code image},
 * {@code env.LOG_LEVEL}, {@code resources.limits.memoryBytes}): mappings are compared key by
 * key, lists and scalars as whole values. A field one side lacks shows as null on that side.
 */
public final class SpecDiff {
  private SpecDiff() {}

  public static List<FieldChange> between(ServiceSpec before, ServiceSpec after) {
    List<FieldChange> changes = new ArrayList<>();
    compare("", Json.MAPPER.valueToTree(before), Json.MAPPER.valueToTree(after), changes);
    return List.copyOf(changes);
  }

  private static void compare(String path, JsonNode before, JsonNode after, List<FieldChange> changes) {
    if (before != null && after != null && before.isObject() && after.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      before.fieldNames().forEachRemaining(keys::add);
      after.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        compare(path.isEmpty() ? key : path + "." + key, before.get(key), after.get(key), changes);
      }
    } else if (!same(before, after)) {
      changes.add(new FieldChange(path, text(before), text(after)));
    }
  }

  /** Absent, null and an empty list or mapping all mean "not set". */
  private static boolean same(JsonNode before, JsonNode after) {
    return unset(before) && unset(after) || before != null && before.equals(after);
  }

  private static boolean unset(JsonNode node) {
    return node == null || node.isNull() || node.isContainerNode() && node.isEmpty();
  }

  private static String text(JsonNode node) {
    if (unset(node)) {
      return null;
    }
    return node.isTextual() ? node.asText() : node.toString();
  }
}
