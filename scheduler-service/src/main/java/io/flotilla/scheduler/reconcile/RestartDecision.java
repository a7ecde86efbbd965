package io.flotilla.scheduler.reconcile;

import io.flotilla.model.RestartPolicy;
import io.flotilla.model.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Whether and when a dead task's slot gets a replacement, per the service's restart policy.
 */
record RestartDecision(boolean restart, Instant notBefore, int crashStreak, String reason) {

  static RestartDecision of(Task dead, Collection<Task> slotHistory, RestartPolicy policy,
      Settings settings, Instant now) {
    if (!policy.restartsAfter(dead.state())) {
      return new RestartDecision(false, null, dead.crashStreak(),
          "restart policy " + policy.condition().json() + " does not restart a task that ended " + dead.state());
    }
    Instant finished = dead.finishedAt() != null ? dead.finishedAt() : dead.updatedAt();
    boolean ranStably = dead.startedAt() != null
        && Duration.between(dead.startedAt(), finished).compareTo(settings.stableAfter()) >= 0;
    int streak = ranStably ? 0 : dead.crashStreak() + 1;
    if (policy.maxAttempts() > 0) {
      long attempts = policy.window().isZero()
          ? dead.attempt() + 1L
          : slotHistory.stream().filter(t -> t.attempt() > 0 && t.createdAt() != null
              && !t.createdAt().isBefore(now.minus(policy.window()))).count() + 1;
      if (attempts > policy.maxAttempts()) {
        return new RestartDecision(false, null, streak,
            "restart policy allows " + policy.maxAttempts() + " attempts");
      }
    }
    Duration delay = policy.delay() != null ? policy.delay() : backoff(streak, settings);
    return new RestartDecision(true, finished.plus(delay), streak, null);
  }

  /** 0 for the first quick failure, then base, 2·base, 4·base … up to the cap. */
  static Duration backoff(int crashStreak, Settings settings) {
    if (crashStreak <= 1) {
      return Duration.ZERO;
    }
    int doublings = Math.min(crashStreak - 2, 30);
    Duration delay = settings.backoffBase().multipliedBy(1L << doublings);
    return delay.compareTo(settings.backoffCap()) > 0 ? settings.backoffCap() : delay;
  }
}
