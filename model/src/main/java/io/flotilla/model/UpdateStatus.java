package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/** Where a service's last rollout (or rollback) stands, as {@code service inspect} shows it. */
public record UpdateStatus(State state, Instant startedAt, Instant completedAt, String message) {

  public enum State {
    UPDATING, PAUSED, COMPLETED, ROLLBACK_STARTED, ROLLBACK_PAUSED, ROLLBACK_COMPLETED;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    public boolean isRollback() {
      return this == ROLLBACK_STARTED || this == ROLLBACK_PAUSED || this == ROLLBACK_COMPLETED;
    }

    public boolean isActive() {
      return this == UPDATING || this == ROLLBACK_STARTED;
    }

    public boolean isPaused() {
      return this == PAUSED || this == ROLLBACK_PAUSED;
    }
  }

  public UpdateStatus {
    if (state == null) {
      throw new InvalidSpecException("updateStatus.state", "is required");
    }
  }

  public UpdateStatus moveTo(State next, String why, Instant now) {
    boolean done = next == State.COMPLETED || next == State.ROLLBACK_COMPLETED;
    return new UpdateStatus(next, startedAt, done ? now : null, why);
  }
}
