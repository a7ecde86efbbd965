package io.flotilla.model;

/**
 * A placement preference: {@code spread} names a node label ({@code node.labels.<name>}) whose
 * values tasks are spread evenly over, as in Swarm. Nodes without the label form one more group.
 * The key is checked by {@link PlacementSpec}, which knows the preference's position.
 */
public record PlacementPreference(String spread) {

  /** The label name, e.g. {@code zone} for {@code node.labels.zone}. */
  public String label() {
    return spread.substring(Constraint.LABELS.length());
  }

  /** The value of the spread label on {@code node}, or null when the node lacks it. */
  public String valueOn(Node node) {
    return node.labels().get(label());
  }
}
