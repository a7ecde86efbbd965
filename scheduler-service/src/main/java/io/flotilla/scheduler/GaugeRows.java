package io.flotilla.scheduler;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One gauge per tag set, whose values change in place. Re-registering a {@link MultiGauge}'s rows
 * with overwrite removes each row's gauge and adds a new one, so a scrape in between missed rows
 * (AllInOneIT saw a service's replicas vanish); here a row is registered once, while it exists,
 * and only its value moves.
 */
final class GaugeRows {
  private final MultiGauge gauge;
  private final Map<Tags, AtomicLong> values = new ConcurrentHashMap<>();

  GaugeRows(String name, String description, MeterRegistry registry) {
    this.gauge = MultiGauge.builder(name).description(description).register(registry);
  }

  /** The rows become exactly {@code now}: values of the known ones change, new ones appear, gone ones go. */
  synchronized void set(Map<Tags, ? extends Number> now) {
    boolean changedRows = !values.keySet().equals(now.keySet());
    values.keySet().retainAll(now.keySet());
    now.forEach((tags, value) -> values.computeIfAbsent(tags, t -> new AtomicLong()).set(value.longValue()));
    if (changedRows) {
      gauge.register(values.entrySet().stream()
          .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(e.getKey(), e.getValue(), AtomicLong::doubleValue))
          .toList(), false);
    }
  }

  synchronized void clear() {
    set(Map.of());
  }

  List<Tags> rows() {
    return List.copyOf(values.keySet());
  }
}
