package io.flotilla.model;

/** Liveness as judged by the health monitor from heartbeats. */
public enum NodeState {
  UNKNOWN, READY, DOWN
}
