/** Stacks on the manager's side: what a deploy changes, as a pure function. */
package io.flotilla.scheduler.stack;
