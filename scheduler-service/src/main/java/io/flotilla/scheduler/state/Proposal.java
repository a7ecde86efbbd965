package io.flotilla.scheduler.state;

import java.time.Instant;
import java.util.List;

/**
 * One entry of the Raft log: commands applied in order, all at the moment {@code at} they were
 * proposed, the only clock their apply may read.
 */
public record Proposal(Instant at, List<Command> commands) {
  public Proposal {
    commands = List.copyOf(commands);
  }

  public static Proposal of(Instant at, Command command) {
    return new Proposal(at, List.of(command));
  }
}
