package io.flotilla.cli.command;

import java.time.Duration;
import java.time.Instant;

/** "5 seconds ago", "3 minutes ago" — the docker CLI's way of showing times. */
final class Ago {
  private Ago() {}

  static String of(String isoInstant) {
    if (isoInstant == null || isoInstant.isEmpty()) {
      return "";
    }
    long s = Math.max(0, Duration.between(Instant.parse(isoInstant), Instant.now()).toSeconds());
    if (s < 60) {
      return s <= 1 ? "about a second ago" : s + " seconds ago";
    }
    if (s < 3600) {
      return plural(s / 60, "minute") + " ago";
    }
    if (s < 86400) {
      return plural(s / 3600, "hour") + " ago";
    }
    return plural(s / 86400, "day") + " ago";
  }

  private static String plural(long n, String unit) {
    return n == 1 ? "1 " + unit : n + " " + unit + "s";
  }
}
