package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * CPU and memory reservations (what placement counts) and limits (what the engine enforces);
 * limits may also cap the number of processes ({@code pids}), which cannot be reserved.
 */
public record Resources(Amount reservations, Amount limits) {

  public static final Resources NONE = new Resources(Amount.ZERO, Amount.ZERO);

  /** An amount of CPU (in cores, fractions allowed), memory (in bytes) and processes; 0 means none. */
  public record Amount(double cpus, long memoryBytes, @JsonInclude(JsonInclude.Include.NON_DEFAULT) long pids) {
    public static final Amount ZERO = new Amount(0, 0, 0);

    public Amount {
      Check.that(cpus >= 0, "resources.cpus", "must not be negative");
      Check.that(memoryBytes >= 0, "resources.memoryBytes", "must not be negative");
      Check.that(pids >= 0, "resources.pids", "must not be negative");
    }

    public Amount(double cpus, long memoryBytes) {
      this(cpus, memoryBytes, 0);
    }

    public Amount plus(Amount other) {
      return new Amount(cpus + other.cpus, memoryBytes + other.memoryBytes, pids + other.pids);
    }
  }

  public Resources {
    reservations = reservations == null ? Amount.ZERO : reservations;
    limits = limits == null ? Amount.ZERO : limits;
    Check.that(reservations.pids() == 0, "resources.reservations.pids",
        "processes cannot be reserved, only limited (resources.limits.pids)");
  }
}
