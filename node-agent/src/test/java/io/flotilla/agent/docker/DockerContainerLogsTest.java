package io.flotilla.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.StreamType;
import io.flotilla.model.logs.ContainerLogLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DockerContainerLogsTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aFrame_givesItsLinesWithTheEnginesTime_streamsApart() {
    assertThat(DockerContainerLogs.lines(StreamType.STDOUT, bytes("2026-12-02T03:00:00.123456789Z line 1\n")))
        .containsExactly(new ContainerLogLine("stdout", Instant.parse("2026-12-02T03:00:00.123456789Z"), "line 1"));
    assertThat(DockerContainerLogs.lines(StreamType.STDERR,
        bytes("2026-12-02T03:00:01Z oops\r\n2026-12-02T03:00:02Z again")))
        .containsExactly(new ContainerLogLine("stderr", Instant.parse("2026-12-02T03:00:01Z"), "oops"),
            new ContainerLogLine("stderr", Instant.parse("2026-12-02T03:00:02Z"), "again"));
  }

  @Test
  void aLineWithoutATime_isKeptWhole() {
    assertThat(DockerContainerLogs.lines(StreamType.RAW, bytes("no time here\n")))
        .containsExactly(new ContainerLogLine("stdout", null, "no time here"));
    assertThat(DockerContainerLogs.lines(StreamType.STDOUT, bytes("2026-12-02T03:00:00Z \n")))
        .containsExactly(new ContainerLogLine("stdout", Instant.parse("2026-12-02T03:00:00Z"), ""));
  }
}
