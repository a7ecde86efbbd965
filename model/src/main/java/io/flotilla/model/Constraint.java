package io.flotilla.model;

import java.util.Optional;

/**
 * A placement constraint, {@code <key>==<value>} or {@code <key>!=<value>}, with Swarm's
 * meaning. Keys: {@code node.id}, {@code node.hostname}, {@code node.role} and
 * {@code node.labels.<name>}. Values compare case-insensitively, as in Swarm; a node without
 * the label has no value, so it fails {@code ==} and satisfies {@code !=}.
 */
public record Constraint(String key, Operator operator, String value) {
  static final String LABELS = "node.labels.";
  private static final String KEYS = "node.id, node.hostname, node.role or node.labels.<name>";

  public enum Operator {
    EQ("=="), NE("!=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public Constraint {
    Check.required("key", key);
    Check.required("value", value);
    if (operator == null) {
      throw new InvalidSpecException("operator", "is required");
    }
  }

  /** Parses {@code text}; a problem is reported against {@code field}, e.g. {@code placement.constraints[0]}. */
  public static Constraint parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidSpecException(field, "is empty; expected <key>==<value> or <key>!=<value>");
    }
    int eq = text.indexOf("==");
    int ne = text.indexOf("!=");
    if (eq < 0 && ne < 0) {
      throw new InvalidSpecException(field,
          "expected <key>==<value> or <key>!=<value>, got '" + text + "' (no == or != operator)");
    }
    Operator operator = ne < 0 || (eq >= 0 && eq < ne) ? Operator.EQ : Operator.NE;
    int at = operator == Operator.EQ ? eq : ne;
    String key = text.substring(0, at).trim();
    String value = text.substring(at + 2).trim();
    if (value.contains("==") || value.contains("!=")) {
      throw new InvalidSpecException(field, "has more than one operator: '" + text + "'");
    }
    if (key.isEmpty()) {
      throw new InvalidSpecException(field, "has no key before " + operator.symbol() + " in '" + text + "'; use " + KEYS);
    }
    if (value.isEmpty()) {
      throw new InvalidSpecException(field, "has no value after " + operator.symbol() + " in '" + text + "'");
    }
    if (key.startsWith(LABELS)) {
      String label = key.substring(LABELS.length());
      if (label.isEmpty() || label.chars().anyMatch(Character::isWhitespace)) {
        throw new InvalidSpecException(field, "'" + key + "' names no label; expected node.labels.<name>");
      }
    } else if (!key.equals("node.id") && !key.equals("node.hostname") && !key.equals("node.role")) {
      throw new InvalidSpecException(field, "unknown key '" + key + "'; use " + KEYS);
    }
    if (key.equals("node.role") && !value.equalsIgnoreCase("manager") && !value.equalsIgnoreCase("worker")) {
      throw new InvalidSpecException(field, "node.role is manager or worker, not '" + value + "'");
    }
    return new Constraint(key, operator, value);
  }

  public boolean isSatisfiedBy(Node node) {
    boolean equal = valueOf(node).map(value::equalsIgnoreCase).orElse(false);
    return operator == Operator.EQ ? equal : !equal;
  }

  private Optional<String> valueOf(Node node) {
    return switch (key) {
      case "node.id" -> Optional.of(node.id());
      case "node.hostname" -> Optional.ofNullable(node.hostname());
      case "node.role" -> Optional.ofNullable(node.role()).map(NodeRole::json);
      default -> Optional.ofNullable(node.labels().get(key.substring(LABELS.length())));
    };
  }

  @Override
  public String toString() {
    return key + operator.symbol() + value;
  }
}
