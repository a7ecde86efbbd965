package io.flotilla.model;

/**
 * A resource limit of a task's processes ({@code docker run --ulimit NAME=SOFT:HARD}); -1 means
 * unlimited, as in Docker.
 */
public record Ulimit(long soft, long hard) {

  public Ulimit {
    Check.that(soft >= -1 && hard >= -1, "ulimits", "must be a number of at least 0, or -1 for unlimited");
    Check.that(hard == -1 || (soft != -1 && soft <= hard), "ulimits",
        "the soft limit " + soft + " is above the hard limit " + hard);
  }

  /** {@code SOFT[:HARD]} as {@code --ulimit} writes it; one number sets both. */
  public static Ulimit parse(String field, String text) {
    String[] parts = text.trim().split(":", -1);
    try {
      Check.that(parts.length <= 2, field, "expected SOFT[:HARD] such as 1024:2048, not '" + text + "'");
      long soft = Long.parseLong(parts[0].trim());
      long hard = parts.length == 2 ? Long.parseLong(parts[1].trim()) : soft;
      return new Ulimit(soft, hard);
    } catch (NumberFormatException e) {
      throw new InvalidSpecException(field, "expected SOFT[:HARD] such as 1024:2048, not '" + text + "'");
    } catch (InvalidSpecException e) {
      throw e.field().equals(field) ? e : new InvalidSpecException(field, e.problem());
    }
  }
}
