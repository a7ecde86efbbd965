package io.flotilla.model.logs;

import io.flotilla.model.Durations;
import io.flotilla.model.InvalidSpecException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a reader asks of a log: keep {@code follow}ing new lines, only the last {@code tail}
 * lines of each task (null: all), only lines since {@code since} (null: from the start), with
 * each line's {@code timestamps}.
 */
public record LogOptions(boolean follow, Integer tail, Instant since, boolean timestamps) {
  public static final LogOptions ALL = new LogOptions(false, null, null, false);

  public LogOptions {
    if (tail != null && tail < 0) {
      throw new InvalidSpecException("tail", "expected a number of lines (0 or more) or 'all', got " + tail);
    }
  }

  /**
   * Reads the options from query parameters ({@code param} answers null for one not given), as
   * {@code docker service logs} takes them: {@code since} is a duration back from {@code now}
   * ("10m", "1h30m"), an RFC 3339 time or Unix seconds.
   */
  public static LogOptions parse(Function<String, String> param, Instant now) {
    return new LogOptions(flag("follow", param.apply("follow")), tail(param.apply("tail")),
        since(param.apply("since"), now), flag("timestamps", param.apply("timestamps")));
  }

  static boolean flag(String field, String text) {
    if (text == null) {
      return false;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "", "1", "true", "yes" -> true;
      case "0", "false", "no" -> false;
      default -> throw new InvalidSpecException(field, "expected true or false, got '" + text + "'");
    };
  }

  static Integer tail(String text) {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("all")) {
      return null;
    }
    try {
      int lines = Integer.parseInt(text.trim());
      if (lines >= 0) {
        return lines;
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new InvalidSpecException("tail", "expected a number of lines (0 or more) or 'all', got '" + text + "'");
  }

  static Instant since(String text, Instant now) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String s = text.trim();
    if (s.matches("\\d+(\\.\\d+)?") && s.length() >= 9) {
      return Instant.ofEpochMilli(Math.round(Double.parseDouble(s) * 1000));
    }
    if (s.length() > 10 && Character.isDigit(s.charAt(0)) && s.charAt(4) == '-') {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        throw new InvalidSpecException("since", "expected a duration such as 10m or an RFC 3339 time such as "
            + "2026-01-02T15:04:05Z, got '" + text + "'");
      }
    }
    try {
      return now.minus(Durations.parse("since", s));
    } catch (InvalidSpecException e) {
      throw new InvalidSpecException("since", "expected a duration such as 10m or an RFC 3339 time such as "
          + "2026-01-02T15:04:05Z, got '" + text + "'");
    }
  }
}
