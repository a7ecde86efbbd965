package io.flotilla.model;

/** A user-supplied value is not acceptable; the message names the field at fault. */
public final class InvalidSpecException extends IllegalArgumentException {
  private final String field;
  private final String problem;

  public InvalidSpecException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** What is wrong, without the field's name. */
  public String problem() {
    return problem;
  }

  public String field() {
    return field;
  }
}
