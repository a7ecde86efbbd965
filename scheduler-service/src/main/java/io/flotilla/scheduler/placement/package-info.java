/**
 * Placement, a pure computation: which ready node takes each pending task. A pipeline of
 * small filters, each able to explain its "no", then a spread (or binpack) ranking.
 */
package io.flotilla.scheduler.placement;
