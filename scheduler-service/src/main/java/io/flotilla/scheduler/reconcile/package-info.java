/**
 * Reconciliation, a pure computation: (services, tasks, nodes, now) → a {@link
 * io.flotilla.scheduler.reconcile.Plan} of task writes. It never deletes a task that may
 * still have a container: it sets the desired state and lets the agent stop it first.
 */
package io.flotilla.scheduler.reconcile;
