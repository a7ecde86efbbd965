/**
 * Placement, a pure computation: which ready node takes each pending task. A pipeline of
 * small filters (readiness, each placement constraint, resources, host ports), each able to
 * explain its "no", then a ranking: the spread preferences over node labels, then spread by
 * task counts.
 */
package io.flotilla.scheduler.placement;
