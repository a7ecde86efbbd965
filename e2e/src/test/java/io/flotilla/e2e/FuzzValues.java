package io.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random JSON for the API fuzz test, drawn from a seeded {@link Random}: odd strings (path
 * tricks, NUL, unicode), numbers at and past every range, random shapes, and mutations of a
 * valid document.
 */
final class FuzzValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final List<String> ODD_STRINGS = List.of("", " ", ".", "..", "../..", "../../etc/passwd", "/", "//",
      "a/b", "/data/../../etc", "\\", "C:\\x", "\u0000", "a\u0000b", "\n", "\t", "\r\n", "\"", "'", "%00", "%2e%2e",
      "\u2603", "\u540d\u524d", "\u00f1and\u00fa", "\uD83D\uDE00", "\u202Egnp", "\uFEFF", "\u00A0", "\uFFFD",
      "\u0301", "$HOME", "${A}", "$(id)", "`id`", "-rf", "--help", "null", "true", "0", "-1", "NaN", "1e309",
      "x".repeat(64), "y".repeat(5_000), "a b", "a=b", "a==b", "node.labels.", "node.labels.zone==",
      "CMD", "NONE", "global", "volume", "bind", "tcp", "drain", "manager", "5s", "-5s", "1h1h", "0.5",
      "10.0.0.0/33", "300.1.1.1/24", "10.0.0.0/8");
  private static final List<String> KEYS = List.of("name", "image", "mode", "replicas", "command", "args", "env",
      "labels", "ports", "networks", "resources", "placement", "restartPolicy", "mounts", "healthcheck",
      "updateConfig", "rollbackConfig", "published", "target", "protocol", "type", "source", "readOnly",
      "reservations", "limits", "cpus", "memoryBytes", "constraints", "preferences", "spread", "condition",
      "delay", "maxAttempts", "window", "test", "interval", "timeout", "retries", "startPeriod", "parallelism",
      "failureAction", "monitor", "maxFailureRatio", "order", "subnet", "availability", "labelsAdd", "labelsRemove",
      "version", "spec", "compose", "envFiles", "prune", "token", "hostname", "address", "role", "unknown");

  private final Random random;

  FuzzValues(Random random) {
    this.random = random;
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  String string() {
    return switch (random.nextInt(4)) {
      case 0, 1 -> pick(ODD_STRINGS);
      case 2 -> word();
      default -> pick(ODD_STRINGS) + word() + pick(ODD_STRINGS);
    };
  }

  /** Letters, digits and punctuation, 1 to 12 characters. */
  String word() {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-:@/ =,;!?#&+*~";
    StringBuilder word = new StringBuilder();
    for (int i = between(1, 12); i > 0; i--) {
      word.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return word.toString();
  }

  JsonNode number() {
    return switch (random.nextInt(16)) {
      case 0 -> NODES.numberNode(0);
      case 1 -> NODES.numberNode(-1);
      case 2 -> NODES.numberNode(Integer.MAX_VALUE);
      case 3 -> NODES.numberNode(Integer.MIN_VALUE);
      case 4 -> NODES.numberNode(Integer.MAX_VALUE + 1L);
      case 5 -> NODES.numberNode(Long.MAX_VALUE);
      case 6 -> NODES.numberNode(new BigInteger("9".repeat(between(20, 40))));
      case 7 -> NODES.numberNode(new BigInteger("9".repeat(1_500)));
      case 8 -> NODES.numberNode(1e308);
      case 9 -> NODES.numberNode(new BigDecimal("1e400"));
      case 10 -> NODES.numberNode(new BigDecimal("-1e-400"));
      case 11 -> NODES.numberNode(-0.0);
      case 12 -> NODES.numberNode(0.5);
      case 13 -> NODES.numberNode(65536);
      default -> NODES.numberNode(between(-3, 70_000));
    };
  }

  JsonNode value(int depth) {
    int kind = random.nextInt(depth <= 0 ? 5 : 8);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> number();
      case 3, 4 -> NODES.textNode(string());
      case 5 -> array(depth);
      default -> object(depth);
    };
  }

  private ArrayNode array(int depth) {
    ArrayNode array = NODES.arrayNode();
    for (int i = between(0, 3); i > 0; i--) {
      array.add(value(depth - 1));
    }
    return array;
  }

  private ObjectNode object(int depth) {
    ObjectNode object = NODES.objectNode();
    for (int i = between(0, 4); i > 0; i--) {
      object.set(chance(80) ? pick(KEYS) : string(), value(depth - 1));
    }
    return object;
  }

  /** {@code document} changed in one to three places: a value replaced, removed, nulled, retyped or added. */
  JsonNode mutate(JsonNode document) {
    JsonNode copy = document.deepCopy();
    for (int i = between(1, 3); i > 0; i--) {
      List<JsonNode> containers = new ArrayList<>();
      collectContainers(copy, containers);
      mutateOne(pick(containers));
    }
    return copy;
  }

  private void mutateOne(JsonNode container) {
    if (container instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      String name = names.isEmpty() || chance(15) ? (chance(70) ? pick(KEYS) : string()) : pick(names);
      switch (random.nextInt(5)) {
        case 0 -> object.remove(name);
        case 1 -> object.putNull(name);
        case 2 -> object.set(name, NODES.arrayNode().add(object.path(name).deepCopy()));
        default -> object.set(name, value(2));
      }
    } else if (container instanceof ArrayNode array) {
      int index = array.isEmpty() ? 0 : random.nextInt(array.size());
      switch (random.nextInt(4)) {
        case 0 -> array.addNull();
        case 1 -> {
          if (!array.isEmpty()) {
            array.remove(index);
          }
        }
        default -> {
          if (array.isEmpty()) {
            array.add(value(2));
          } else {
            array.set(index, value(2));
          }
        }
      }
    }
  }

  private static void collectContainers(JsonNode node, List<JsonNode> into) {
    if (node.isContainerNode()) {
      into.add(node);
      node.forEach(child -> collectContainers(child, into));
    }
  }
}
