package io.flotilla.scheduler.state;

import io.flotilla.bus.Messages;
import java.util.List;

/** One command's effect: the state after it, its outcome, the events it makes. A rejected command leaves the state as it was. */
public record Change(ManagerState state, Outcome outcome, List<Messages.Event> events) {
  public Change {
    events = List.copyOf(events);
  }

  static Change rejected(ManagerState state, Outcome outcome) {
    return new Change(state, outcome, List.of());
  }
}
