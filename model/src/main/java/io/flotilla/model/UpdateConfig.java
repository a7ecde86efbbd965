package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;

/**
 * How a change of a service's tasks rolls out (and, as {@code rollbackConfig}, how a rollback
 * does): {@code parallelism} slots at a time (0: all at once), {@code delay} between batches,
 * each new task watched for {@code monitor}; when more than {@code maxFailureRatio} of the slots
 * fail, {@code failureAction} pauses, continues or rolls back. {@code order} stop-first stops
 * the old task before starting the new one; start-first starts the new one first (no gap).
 */
public record UpdateConfig(Integer parallelism, Duration delay, FailureAction failureAction, Duration monitor,
    Double maxFailureRatio, Order order) {

  public static final UpdateConfig DEFAULT = new UpdateConfig(null, null, null, null, null, null);

  public UpdateConfig {
    parallelism = parallelism == null ? 1 : parallelism;
    Check.that(parallelism >= 0, "updateConfig.parallelism", "must not be negative, got " + parallelism);
    delay = delay == null ? Duration.ZERO : delay;
    Check.that(!delay.isNegative(), "updateConfig.delay", "must not be negative");
    failureAction = failureAction == null ? FailureAction.PAUSE : failureAction;
    monitor = monitor == null ? Duration.ofSeconds(5) : monitor;
    Check.that(!monitor.isNegative(), "updateConfig.monitor", "must not be negative");
    maxFailureRatio = maxFailureRatio == null ? 0.0 : maxFailureRatio;
    Check.that(maxFailureRatio >= 0 && maxFailureRatio <= 1, "updateConfig.maxFailureRatio",
        "must be between 0 and 1, got " + maxFailureRatio);
    order = order == null ? Order.STOP_FIRST : order;
  }

  public enum FailureAction {
    PAUSE, CONTINUE, ROLLBACK;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FailureAction parse(String value) {
      return Check.oneOf(values(), FailureAction::json, value, "updateConfig.failureAction");
    }
  }

  public enum Order {
    STOP_FIRST, START_FIRST;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Order parse(String value) {
      return Check.oneOf(values(), Order::json, value, "updateConfig.order");
    }
  }
}
