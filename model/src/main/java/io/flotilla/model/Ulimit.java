package io.flotilla.model;

/** A resource limit of a task's processes ({@code docker run --ulimit NAME=SOFT:HARD}). */
public record Ulimit(long soft, long hard) {

  public Ulimit {
    Check.that(soft >= 0 && hard >= 0, "ulimits", "must not be negative");
    Check.that(soft <= hard, "ulimits", "the soft limit " + soft + " is above the hard limit " + hard);
  }
}
