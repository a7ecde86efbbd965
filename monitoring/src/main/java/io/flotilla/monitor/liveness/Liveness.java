package io.flotilla.monitor.liveness;

import io.flotilla.model.NodeState;
import java.time.Duration;
import java.time.Instant;

/**
 * A node is READY while its heartbeats arrive, and DOWN once {@code missedBeats} periods
 * pass without one.
 */
public record Liveness(Duration period, int missedBeats) {

  public Liveness {
    if (period.isNegative() || period.isZero() || missedBeats < 1) {
      throw new IllegalArgumentException("heartbeat period must be positive and missedBeats at least 1");
    }
  }

  public NodeState stateOf(Instant lastHeartbeat, Instant now) {
    Duration silence = Duration.between(lastHeartbeat, now);
    return silence.compareTo(period.multipliedBy(missedBeats)) > 0 ? NodeState.DOWN : NodeState.READY;
  }

  /** When a node last heard at {@code lastHeartbeat} will be declared DOWN if nothing else arrives. */
  public Instant deadline(Instant lastHeartbeat) {
    return lastHeartbeat.plus(period.multipliedBy(missedBeats));
  }
}
