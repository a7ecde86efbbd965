/**
 * The Docker adapters of {@link io.flotilla.agent.engine}: the only code that talks to the
 * engine (through docker-java's zerodep transport), one small class per concern, put together
 * by {@link io.flotilla.agent.docker.DockerEngine} over the clients they share. Every call
 * blocks; callers run them off the event loop.
 */
package io.flotilla.agent.docker;
