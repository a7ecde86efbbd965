package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;

/**
 * When a finished task's slot gets a replacement. A null {@code delay} means Flotilla's
 * default: the first replacement starts at once, repeated quick failures back off
 * exponentially. An explicit delay is waited before every replacement, as in Swarm.
 * {@code maxAttempts} 0 means unlimited; {@code window} 0 means attempts are counted forever.
 */
public record RestartPolicy(Condition condition, Duration delay, int maxAttempts, Duration window) {

  public static final RestartPolicy DEFAULT = new RestartPolicy(Condition.ANY, null, 0, Duration.ZERO);

  public enum Condition {
    NONE, ON_FAILURE, ANY;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Condition parse(String value) {
      return Check.oneOf(values(), Condition::json, value, "restartPolicy.condition");
    }
  }

  public RestartPolicy {
    condition = condition == null ? Condition.ANY : condition;
    Check.that(delay == null || !delay.isNegative(), "restartPolicy.delay", "must not be negative");
    Check.that(maxAttempts >= 0, "restartPolicy.maxAttempts", "must not be negative");
    window = window == null ? Duration.ZERO : window;
    Check.that(!window.isNegative(), "restartPolicy.window", "must not be negative");
  }

  /** Whether a task that ended in {@code state} should be replaced at all. */
  public boolean restartsAfter(TaskState state) {
    return switch (condition) {
      case NONE -> false;
      case ON_FAILURE -> state != TaskState.COMPLETE;
      case ANY -> true;
    };
  }
}
