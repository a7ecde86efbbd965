package io.flotilla.model;

/** CPU and memory reservations (what placement counts) and limits (what the engine enforces). */
public record Resources(Amount reservations, Amount limits) {

  public static final Resources NONE = new Resources(Amount.ZERO, Amount.ZERO);

  /** An amount of CPU (in cores, fractions allowed) and memory (in bytes); 0 means none. */
  public record Amount(double cpus, long memoryBytes) {
    public static final Amount ZERO = new Amount(0, 0);

    public Amount {
      Check.that(cpus >= 0, "resources.cpus", "must not be negative");
      Check.that(memoryBytes >= 0, "resources.memoryBytes", "must not be negative");
    }

    public Amount plus(Amount other) {
      return new Amount(cpus + other.cpus, memoryBytes + other.memoryBytes);
    }
  }

  public Resources {
    reservations = reservations == null ? Amount.ZERO : reservations;
    limits = limits == null ? Amount.ZERO : limits;
  }
}
