/**
 * Gathering a service's logs on a manager: asks each node's agent for its tasks' containers'
 * logs over gRPC, merges the lines into one HTTP stream with backpressure, and names in a notice
 * every node that is down, unreachable or stops answering, instead of waiting for it.
 */
package io.flotilla.gateway.logs;
