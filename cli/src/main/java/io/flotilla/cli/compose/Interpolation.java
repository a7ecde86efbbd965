package io.flotilla.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Variable substitution as the Compose Specification defines it, in values (not keys): {@code $VAR},
 * {@code ${VAR}}, {@code ${VAR:-default}} (unset or empty), {@code ${VAR-default}} (unset),
 * {@code ${VAR:?message}} / {@code ${VAR?message}} (an error), {@code ${VAR:+other}} / {@code ${VAR+other}},
 * defaults that interpolate themselves ({@code ${A:-${B:-c}}}), and {@code $$} for a literal {@code $}.
 * An unset variable without a default is an empty string and a warning, once per variable.
 */
final class Interpolation {
  private final Function<String, Optional<String>> lookup;
  private final Warnings warnings;
  private final Set<String> warned = new HashSet<>();

  Interpolation(Function<String, Optional<String>> lookup, Warnings warnings) {
    this.lookup = lookup;
    this.warnings = warnings;
  }

  /** A copy of the tree with every text value interpolated; {@code path} names the tree's place in the file. */
  JsonNode tree(JsonNode node, String path) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.set(e.getKey(), tree(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(tree(node.get(i), path + "[" + i + "]"));
      }
      return copy;
    }
    if (!node.isTextual()) {
      return node;
    }
    String value = text(node.asText(), path);
    return node instanceof Scalars.PlainText ? Scalars.plain(value) : TextNode.valueOf(value);
  }

  /** One value interpolated; {@code path} is the key path that errors and warnings name. */
  String text(String value, String path) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
      } else if (i + 1 < value.length() && value.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (i + 1 < value.length() && value.charAt(i + 1) == '{') {
        int end = closingBrace(value, i + 2);
        if (end < 0) {
          throw invalid(value, path);
        }
        out.append(braced(value, value.substring(i + 2, end), path));
        i = end + 1;
      } else if (i + 1 < value.length() && nameStart(value.charAt(i + 1))) {
        int end = i + 2;
        while (end < value.length() && namePart(value.charAt(end))) {
          end++;
        }
        out.append(valueOf(value.substring(i + 1, end), path));
        i = end;
      } else {
        throw invalid(value, path);
      }
    }
    return out.toString();
  }

  private String braced(String whole, String expression, String path) {
    int end = 0;
    while (end < expression.length() && namePart(expression.charAt(end))) {
      end++;
    }
    String name = expression.substring(0, end);
    if (name.isEmpty() || !nameStart(name.charAt(0))) {
      throw invalid(whole, path);
    }
    String rest = expression.substring(end);
    if (rest.isEmpty()) {
      return valueOf(name, path);
    }
    boolean colon = rest.startsWith(":");
    String op = colon ? rest.substring(1, Math.min(2, rest.length())) : rest.substring(0, 1);
    String argument = rest.substring(colon ? 2 : 1);
    Optional<String> set = lookup.apply(name);
    boolean missing = set.isEmpty() || colon && set.get().isEmpty();
    return switch (op) {
      case "-" -> missing ? text(argument, path) : set.get();
      case "+" -> missing ? "" : text(argument, path);
      case "?" -> {
        if (missing) {
          throw new ComposeException(path, "required variable " + name + " is missing"
              + (argument.isEmpty() ? "" : ": " + text(argument, path)));
        }
        yield set.get();
      }
      default -> throw invalid(whole, path);
    };
  }

  private String valueOf(String name, String path) {
    Optional<String> set = lookup.apply(name);
    if (set.isEmpty() && warned.add(name)) {
      warnings.add(path, "variable " + name + " is not set; using an empty string");
    }
    return set.orElse("");
  }

  /** The index of the brace closing the one opened before {@code from}, counting nested braces; -1 if none. */
  private static int closingBrace(String value, int from) {
    int depth = 1;
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static ComposeException invalid(String value, String path) {
    return new ComposeException(path, "invalid interpolation format in '" + value
        + "': write $VAR or ${VAR} (with :-, -, :?, ?, :+ or +), and $$ for a literal $");
  }

  private static boolean nameStart(char c) {
    return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean namePart(char c) {
    return nameStart(c) || c >= '0' && c <= '9';
  }
}
