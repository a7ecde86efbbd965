package io.flotilla.gateway.compose;

import io.flotilla.model.Resources;
import java.util.Set;

/**
 * {@code deploy.resources}: {@code limits} and {@code reservations} of cpus (cores) and memory (a
 * size); limits may also cap {@code pids}.
 */
final class ResourceAmounts {
  private static final Set<String> SUPPORTED = Set.of("limits", "reservations");
  private static final Set<String> AMOUNT = Set.of("cpus", "memory", "pids");

  private ResourceAmounts() {}

  static Resources parse(Value resources, Warnings warnings) {
    if (!resources.isMapping()) {
      throw resources.mustBe("a mapping");
    }
    warnings.otherKeys(resources, SUPPORTED);
    Resources.Amount reservations = amount(resources.get("reservations"), warnings);
    Resources.Amount limits = amount(resources.get("limits"), warnings);
    return resources.build(() -> new Resources(reservations, limits));
  }

  private static Resources.Amount amount(Value amount, Warnings warnings) {
    if (amount.isAbsent()) {
      return null;
    }
    if (!amount.isMapping()) {
      throw amount.mustBe("a mapping");
    }
    warnings.otherKeys(amount, AMOUNT);
    Value cpus = amount.get("cpus");
    Value memory = amount.get("memory");
    Value pids = amount.get("pids");
    long processes = pids.isAbsent() ? 0 : pids.wholeNumber();
    double cores = cpus.isAbsent() ? 0 : cpus.number();
    long bytes = memory.isAbsent() ? 0 : ByteSize.parse(memory.path(), memory.text());
    if (cores < 0) {
      throw cpus.error("must not be negative, got " + cpus.text());
    }
    return amount.build(() -> new Resources.Amount(cores, bytes, processes));
  }
}
