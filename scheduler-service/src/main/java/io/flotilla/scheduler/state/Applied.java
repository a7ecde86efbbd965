package io.flotilla.scheduler.state;

import io.flotilla.bus.Messages;
import java.util.List;

/** A log entry's effect: the state after it, one outcome per command, and the events they made. */
public record Applied(ManagerState state, List<Outcome> outcomes, List<Messages.Event> events) {
  public Applied {
    outcomes = List.copyOf(outcomes);
    events = List.copyOf(events);
  }
}
