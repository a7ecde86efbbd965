/**
 * The managers' Raft group on Apache Ratis: this manager's member (log, snapshots, votes), the
 * Ratis state machine that applies committed entries through the pure
 * {@link io.flotilla.scheduler.state.StateMachine}, and the proposer every write goes through.
 */
package io.flotilla.scheduler.raft;
