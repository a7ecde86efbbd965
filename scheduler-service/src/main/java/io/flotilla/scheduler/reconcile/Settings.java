package io.flotilla.scheduler.reconcile;

import java.time.Duration;

/**
 * Tunables of reconciliation. {@code historyLimit} is how many finished tasks a slot keeps.
 * A task that ran at least {@code stableAfter} resets its slot's crash streak; after that the
 * default restart back-off grows from {@code backoffBase}, doubling, up to {@code backoffCap}.
 */
public record Settings(int historyLimit, Duration stableAfter, Duration backoffBase, Duration backoffCap) {
  public static final Settings DEFAULT =
      new Settings(5, Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(30));

  public Settings {
    if (historyLimit < 0) {
      throw new IllegalArgumentException("historyLimit must not be negative");
    }
  }
}
