package io.flotilla.model;

/** What the orchestrator wants of a task: keep it running, or shut it down. */
public enum DesiredState {
  RUNNING,
  SHUTDOWN
}
