/**
 * The agent's log endpoint: a server-streaming gRPC method over mutual TLS that only managers
 * may call, streaming a task container's log with backpressure down to the engine's stream.
 */
package io.flotilla.agent.logs;
