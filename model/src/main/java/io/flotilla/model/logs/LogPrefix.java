package io.flotilla.model.logs;

import io.flotilla.model.Ids;

/**
 * What {@code docker service logs} puts before each line: {@code NAME.SLOT.TASKID@NODE}, the
 * task id short as in tables; without task ids {@code NAME.SLOT@NODE}.
 */
public final class LogPrefix {
  private LogPrefix() {}

  public static String of(LogRecord record, boolean taskIds) {
    StringBuilder out = new StringBuilder();
    out.append(record.service() == null ? "" : record.service());
    if (record.slot() != null) {
      out.append('.').append(record.slot());
    }
    if (taskIds && record.task() != null) {
      out.append('.').append(Ids.shortId(record.task()));
    }
    if (record.node() != null) {
      out.append('@').append(record.node());
    }
    return out.toString();
  }

  /** The whole line as the CLI prints it: prefix, the time when asked, the text. */
  public static String line(LogRecord record, boolean taskIds, boolean timestamps) {
    if (record.isNotice()) {
      return "notice: " + record.line();
    }
    String time = timestamps && record.time() != null ? record.time() + " " : "";
    return of(record, taskIds) + " | " + time + record.line();
  }
}
