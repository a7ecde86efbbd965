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
    Lines stdout = new Lines(LogRecord.STDOUT);
    Lines stderr = new Lines(LogRecord.STDERR);
    return command.exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        Lines lines = frame.getStreamType() == StreamType.STDERR ? stderr : stdout;
        lines.feed(frame.getPayload()).forEach(this::pass);
      }

      private void pass(ContainerLogLine line) {
        // The engine takes whole seconds: the part of the first second before since is left out here.
        if (since == null || line.time() == null || !line.time().isBefore(since)) {
          sink.line(line);
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
        stdout.rest().ifPresent(this::pass);
        stderr.rest().ifPresent(this::pass);
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
   * One stream's lines as its frames come, each {@code <RFC 3339 time> <text>\n}: a frame may end
   * within a line, whose start is kept until the rest comes (up to {@link #MAX_LINE} bytes).
   */
  static final class Lines {
    static final int MAX_LINE = 64 * 1024;
    private final String stream;
    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

    Lines(String stream) {
      this.stream = stream;
    }

    List<ContainerLogLine> feed(byte[] payload) {
      List<ContainerLogLine> lines = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < payload.length; i++) {
        if (payload[i] == '\n') {
          partial.write(payload, start, i - start);
          lines.add(take());
          start = i + 1;
        }
      }
      partial.write(payload, start, payload.length - start);
      if (partial.size() > MAX_LINE) {
        lines.add(take());
      }
      return lines;
    }

    /** What is left without a newline, at the end of the log. */
    java.util.Optional<ContainerLogLine> rest() {
      return partial.size() == 0 ? java.util.Optional.empty() : java.util.Optional.of(take());
    }

    private ContainerLogLine take() {
      String raw = partial.toString(StandardCharsets.UTF_8);
      partial.reset();
      return line(stream, raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw);
    }
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
