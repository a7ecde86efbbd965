package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.error;
import static io.flotilla.gateway.compose.Compose.web;
import static io.flotilla.gateway.compose.Compose.webSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.HealthCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthcheckTest {

  @Test
  void testString_runsInAShell_withDurationsAndRetries() {
    assertThat(webSpec("""
        healthcheck:
          test: wget -q -O- localhost || exit 1
          interval: 1m30s
          timeout: 500ms
          start_period: 5
          retries: 3
        """).healthcheck()).isEqualTo(new HealthCheck(List.of("CMD-SHELL", "wget -q -O- localhost || exit 1"),
        Duration.ofSeconds(90), Duration.ofMillis(500), 3, Duration.ofSeconds(5)));
  }

  @Test
  void testList_isTakenAsIs() {
    assertThat(webSpec("healthcheck: {test: [CMD, nc, -z, localhost, 80]}").healthcheck().test())
        .containsExactly("CMD", "nc", "-z", "localhost", "80");
  }

  @Test
  void disable_switchesTheImagesCheckOff() {
    assertThat(webSpec("healthcheck: {disable: true}").healthcheck().test()).containsExactly("NONE");
    assertThat(webSpec("healthcheck: {test: [NONE]}").healthcheck().disables()).isTrue();
  }

  @Test
  void badHealthchecks_areErrorsAtTheirKey() {
    assertThat(error(web("healthcheck: {test: true, interval: 10 seconds}")))
        .hasMessageStartingWith("services.web.healthcheck.interval: expected a duration");
    assertThat(error(web("healthcheck: {test: [RUN, x]}")))
        .hasMessage("services.web.healthcheck.test: must start with CMD, CMD-SHELL or NONE, not 'RUN'");
    assertThat(error(web("healthcheck: {interval: 5s}")).field()).isEqualTo("services.web.healthcheck.test");
    assertThat(error(web("healthcheck: {test: x, retries: -1}")).field()).isEqualTo("services.web.healthcheck.retries");
    assertThat(error(web("healthcheck: {disable: true, test: x}")).field())
        .isEqualTo("services.web.healthcheck.disable");
  }

  @Test
  void startInterval_isAWarning() {
    assertThat(Compose.parse(web("healthcheck: {test: x, start_interval: 1s}")).warnings())
        .containsExactly("services.web.healthcheck.start_interval: not supported, ignored");
  }
}
