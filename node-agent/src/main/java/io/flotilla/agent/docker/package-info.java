/**
 * The Docker adapter: the only code that talks to the engine (through docker-java's zerodep
 * transport). Every call blocks; callers run them off the event loop.
 */
package io.flotilla.agent.docker;
