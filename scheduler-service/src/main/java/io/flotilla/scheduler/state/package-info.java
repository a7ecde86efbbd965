/**
 * The managers' replicated state and the one deterministic function that changes it: every
 * {@link io.flotilla.scheduler.state.Command} committed in the Raft log is applied by
 * {@link io.flotilla.scheduler.state.StateMachine#apply} on every manager. Pure: no Vert.x,
 * no Ratis, no clock.
 */
package io.flotilla.scheduler.state;
