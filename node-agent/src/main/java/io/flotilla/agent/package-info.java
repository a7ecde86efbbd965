/**
 * The node agent's shell: {@link io.flotilla.agent.NodeAgentVerticle} feeds the scheduler's
 * assignments, Docker events and periodic container listings to the task stepper and turns
 * its steps into calls on the {@link io.flotilla.agent.engine.Engine} and task reports.
 */
package io.flotilla.agent;
