/**
 * The task stepper, a pure function: (assignment, observed container, now) → the one {@link
 * io.flotilla.agent.step.Step} that moves the task's container toward its desired state, or
 * the observation the scheduler has not heard yet. No Vert.x, no Docker, no clock.
 */
package io.flotilla.agent.step;
