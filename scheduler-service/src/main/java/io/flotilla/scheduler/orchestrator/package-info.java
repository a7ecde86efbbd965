/** The leader's reconcile loop: plans made by the pure reconciler, proposed in the leader's term. */
package io.flotilla.scheduler.orchestrator;
