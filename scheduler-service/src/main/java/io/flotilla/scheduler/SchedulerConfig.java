package io.flotilla.scheduler;

import io.flotilla.scheduler.reconcile.Settings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code tick} is how often reconciliation runs even when nothing happened; agents get their
 * full assignment set every {@code assignmentRefresh} in case a message was lost.
 */
public record SchedulerConfig(Path dataDir, Settings settings, Duration tick, Duration assignmentRefresh) {
  public static SchedulerConfig defaults(Path dataDir) {
    return new SchedulerConfig(dataDir, Settings.DEFAULT, Duration.ofSeconds(1), Duration.ofSeconds(2));
  }
}
