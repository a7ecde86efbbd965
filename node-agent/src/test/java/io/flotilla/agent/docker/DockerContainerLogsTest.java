package io.flotilla.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.logs.ContainerLogLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DockerContainerLogsTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aFrame_givesItsLinesWithTheEnginesTime() {
    var lines = new DockerContainerLogs.Lines("stderr");
    assertThat(lines.feed(bytes("2026-12-02T03:00:00.123456789Z line 1\n")))
        .containsExactly(new ContainerLogLine("stderr", Instant.parse("2026-12-02T03:00:00.123456789Z"), "line 1"));
    assertThat(lines.feed(bytes("2026-12-02T03:00:01Z oops\r\n2026-12-02T03:00:02Z again\n")))
        .containsExactly(new ContainerLogLine("stderr", Instant.parse("2026-12-02T03:00:01Z"), "oops"),
            new ContainerLogLine("stderr", Instant.parse("2026-12-02T03:00:02Z"), "again"));
    assertThat(lines.rest()).isEmpty();
  }

  @Test
  void aLineSplitOverFrames_isOneLine() {
    var lines = new DockerContainerLogs.Lines("stdout");
    assertThat(lines.feed(bytes("2026-12-02T03:"))).isEmpty();
    assertThat(lines.feed(bytes("00:05Z out 5\n2026-12-02T03:00:06Z out")))
        .containsExactly(new ContainerLogLine("stdout", Instant.parse("2026-12-02T03:00:05Z"), "out 5"));
    assertThat(lines.rest()).contains(new ContainerLogLine("stdout", Instant.parse("2026-12-02T03:00:06Z"), "out"));
  }

  @Test
  void aLineWithoutATime_isKeptWhole() {
    var lines = new DockerContainerLogs.Lines("stdout");
    assertThat(lines.feed(bytes("no time here\n2026-12-02T03:00:00Z \n")))
        .containsExactly(new ContainerLogLine("stdout", null, "no time here"),
            new ContainerLogLine("stdout", Instant.parse("2026-12-02T03:00:00Z"), ""));
  }
}
