package io.flotilla.model.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogPrefixTest {
  private final LogRecord line = new LogRecord("abcdefghijklmnopqrstuvwxy", "web", 2, "fl-h1", LogRecord.STDOUT,
      Instant.parse("2026-12-02T03:00:00.123Z"), "hello");

  @Test
  void asDockerServiceLogs_nameSlotTaskAtNode() {
    assertThat(LogPrefix.of(line, true)).isEqualTo("web.2.abcdefghijkl@fl-h1");
    assertThat(LogPrefix.line(line, true, false)).isEqualTo("web.2.abcdefghijkl@fl-h1 | hello");
  }

  @Test
  void withoutTaskIds_andWithTimestamps() {
    assertThat(LogPrefix.line(line, false, true)).isEqualTo("web.2@fl-h1 | 2026-12-02T03:00:00.123Z hello");
  }

  @Test
  void aNotice_saysSo() {
    assertThat(LogPrefix.line(LogRecord.notice("fl-h3", "node fl-h3 did not answer"), true, true))
        .isEqualTo("notice: node fl-h3 did not answer");
  }
}
