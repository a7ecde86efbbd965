/** Node liveness, a pure computation over the times of the last heartbeats. */
package io.flotilla.monitor.liveness;
