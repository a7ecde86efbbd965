package io.flotilla.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.flotilla.model.logs.ContainerLogLine;
import io.flotilla.model.logs.ContainerLogRequest;
import io.flotilla.agent.engine.ContainerLogs;
import io.flotilla.model.logs.LogRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ContainerLogs} through the engine's own log API ({@code docker logs}): stdout and stderr
 * apart, each line with the engine's time of it. Its client has no response timeout, since a
 * followed log is silent for as long as the container is.
 *
 * <p>Backpressure: {@link ContainerLogs.Sink#line} runs on docker-java's reading thread and may block; while it
 * does, the engine's stream is not read, so a slow reader holds the engine back instead of this
 * process buffering its log.
 */
public final class DockerContainerLogs implements ContainerLogs {
  private final DockerClient client;

  /** @param client a client without a response timeout, with room for many followed logs at once */
  DockerContainerLogs(DockerClient client) {
    this.client = client;
  }

  @Override
  public Closeable read(ContainerLogRequest request, Sink sink) {
    LogContainerCmd command = client.logContainerCmd(request.containerId())
        .withStdOut(true).withStdErr(true).withTimestamps(true)
        .withFollowStream(request.follow());
    if (request.tail() != null) {
      command.withTail(request.tail());
    }
    if (request.since() != null) {
      command.withSince((int) request.since().getEpochSecond());
    }
    Instant since = request.since();
    return command.exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        for (ContainerLogLine line : lines(frame.getStreamType(), frame.getPayload())) {
          // The engine takes whole seconds: the part of the first second before since is left out here.
          if (since == null || line.time() == null || !line.time().isBefore(since)) {
            sink.line(line);
          }
        }
      }

      @Override
      public void onError(Throwable failure) {
        sink.end(failure instanceof com.github.dockerjava.api.exception.NotFoundException
            ? new NoSuchContainer(request.containerId()) : failure);
        try {
          close();
        } catch (IOException ignored) {
          // nothing more to read
        }
      }

      @Override
      public void onComplete() {
        sink.end(null);
        try {
          close();
        } catch (IOException ignored) {
          // nothing more to read
        }
      }
    });
  }

  /**
   * The lines of one frame of the engine's log stream, each {@code <RFC 3339 time> <text>}
   * (the engine frames each line it logged, the newline included).
   */
  static List<ContainerLogLine> lines(StreamType type, byte[] payload) {
    String stream = type == StreamType.STDERR ? LogRecord.STDERR : LogRecord.STDOUT;
    String text = new String(payload, StandardCharsets.UTF_8);
    List<ContainerLogLine> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      String raw = end < 0 ? text.substring(start) : text.substring(start, end);
      start = end < 0 ? text.length() : end + 1;
      lines.add(line(stream, raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw));
    }
    return lines;
  }

  private static ContainerLogLine line(String stream, String raw) {
    int space = raw.indexOf(' ');
    if (space > 0) {
      try {
        return new ContainerLogLine(stream, Instant.parse(raw.substring(0, space)), raw.substring(space + 1));
      } catch (DateTimeParseException notATime) {
        // a line without the engine's time: kept whole
      }
    }
    return new ContainerLogLine(stream, null, raw);
  }

}
