package io.flotilla.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GaugeRowsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GaugeRows rows = new GaugeRows("flotilla_test", "test rows", registry);

  @Test
  void aRowKeepsItsGauge_whileOnlyItsValueChanges_soNoScrapeFallsBetweenARemovalAndARegistration() {
    rows.set(Map.of(Tags.of("service", "web"), 2));
    Gauge web = registry.find("flotilla_test").tags("service", "web").gauge();
    assertThat(web.value()).isEqualTo(2.0);

    rows.set(Map.of(Tags.of("service", "web"), 3, Tags.of("service", "db"), 1));

    assertThat(registry.find("flotilla_test").tags("service", "web").gauge()).isSameAs(web);
    assertThat(web.value()).isEqualTo(3.0);
    assertThat(registry.find("flotilla_test").tags("service", "db").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void goneRowsGo_andClearLeavesNone() {
    rows.set(Map.of(Tags.of("service", "web"), 2, Tags.of("service", "db"), 1));
    rows.set(Map.of(Tags.of("service", "db"), 1));
    assertThat(registry.find("flotilla_test").tags("service", "web").gauge()).isNull();
    assertThat(registry.find("flotilla_test").tags("service", "db").gauge()).isNotNull();

    rows.clear();

    assertThat(registry.find("flotilla_test").gauges()).isEmpty();
    assertThat(rows.rows()).isEmpty();
  }
}
