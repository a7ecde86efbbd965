/**
 * The scheduler shell: {@link io.flotilla.scheduler.SchedulerVerticle} puts a manager together
 * from its Raft member, its API handlers, and, while it leads, the dispatcher and reconcile loop.
 */
package io.flotilla.scheduler;
