package io.flotilla.model;

/**
 * The life of a task, in order. A task's observed state only moves forward: a report that
 * would move it back is stale and is ignored. The last five states are terminal.
 */
public enum TaskState {
  NEW,
  PENDING,
  ASSIGNED,
  PREPARING,
  STARTING,
  RUNNING,
  COMPLETE,
  SHUTDOWN,
  FAILED,
  REJECTED,
  ORPHANED;

  public boolean isTerminal() {
    return ordinal() >= COMPLETE.ordinal();
  }

  /** Whether a task in this state has (or may have) a container on its node. */
  public boolean isOnNode() {
    return ordinal() >= ASSIGNED.ordinal() && !isTerminal();
  }

  /** The legal moves: strictly forward, and never out of a terminal state. */
  public boolean canMoveTo(TaskState next) {
    return !isTerminal() && next.ordinal() > ordinal();
  }
}
