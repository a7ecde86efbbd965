package io.flotilla.model.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.model.InvalidSpecException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogOptionsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

  private static LogOptions parse(Map<String, String> query) {
    return LogOptions.parse(query::get, NOW);
  }

  @Test
  void nothingGiven_isTheWholeLogOnce() {
    assertThat(parse(Map.of())).isEqualTo(LogOptions.ALL);
  }

  @Test
  void sinceAsADuration_countsBackFromNow() {
    assertThat(parse(Map.of("since", "10m")).since()).isEqualTo(Instant.parse("2026-12-02T02:50:00Z"));
    assertThat(parse(Map.of("since", "1h30m")).since()).isEqualTo(Instant.parse("2026-12-02T01:30:00Z"));
  }

  @Test
  void sinceAsRfc3339_withZoneOrOffset() {
    assertThat(parse(Map.of("since", "2026-12-02T02:59:30Z")).since()).isEqualTo(Instant.parse("2026-12-02T02:59:30Z"));
    assertThat(parse(Map.of("since", "2026-12-02T03:59:30.5+01:00")).since())
        .isEqualTo(Instant.parse("2026-12-02T02:59:30.500Z"));
  }

  @Test
  void sinceAsUnixSeconds() {
    assertThat(parse(Map.of("since", "1795000000")).since()).isEqualTo(Instant.ofEpochSecond(1795000000));
  }

  @Test
  void badSince_namesTheField() {
    assertThatThrownBy(() -> parse(Map.of("since", "yesterday")))
        .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("since: ").hasMessageContaining("'yesterday'");
    assertThatThrownBy(() -> parse(Map.of("since", "2026-13-45T00:00:00Z")))
        .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("since: ");
  }

  @Test
  void tail_isANumberOrAll() {
    assertThat(parse(Map.of("tail", "5")).tail()).isEqualTo(5);
    assertThat(parse(Map.of("tail", "0")).tail()).isEqualTo(0);
    assertThat(parse(Map.of("tail", "all")).tail()).isNull();
    assertThatThrownBy(() -> parse(Map.of("tail", "-1"))).hasMessageStartingWith("tail: ");
    assertThatThrownBy(() -> parse(Map.of("tail", "five"))).hasMessageStartingWith("tail: ")
        .hasMessageContaining("'five'");
  }

  @Test
  void flags_takeTrueFalseOrBare() {
    assertThat(parse(Map.of("follow", "", "timestamps", "true"))).isEqualTo(new LogOptions(true, null, null, true));
    assertThat(parse(Map.of("follow", "false", "timestamps", "0"))).isEqualTo(LogOptions.ALL);
    assertThatThrownBy(() -> parse(Map.of("follow", "maybe"))).hasMessageStartingWith("follow: ");
  }
}
