/**
 * The managers' API over the event bus, one handler class per resource: every manager serves
 * reads from its own replicated state and proposes writes to the Raft group, answering with the
 * outcome of their apply.
 */
package io.flotilla.scheduler.api;
