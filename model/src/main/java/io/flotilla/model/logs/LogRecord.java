package io.flotilla.model.logs;

import java.time.Instant;

/**
 * One record of a log stream, as the API sends it (one JSON object a line): a line a task's
 * container wrote on {@code stdout} or {@code stderr}, or a {@code notice} from the manager
 * about a {@code node} whose lines are missing (down, unreachable, slow). {@code time} is the
 * engine's time of the line, when asked for.
 */
public record LogRecord(String task, String service, Integer slot, String node, String stream, Instant time,
    String line) {
  public static final String STDOUT = "stdout";
  public static final String STDERR = "stderr";
  public static final String NOTICE = "notice";

  public static LogRecord notice(String node, String text) {
    return new LogRecord(null, null, null, node, NOTICE, null, text);
  }

  public boolean isNotice() {
    return NOTICE.equals(stream);
  }
}
