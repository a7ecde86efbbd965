/**
 * Service-discovery DNS for overlay networks: each node answers {@code <service>} and
 * {@code tasks.<service>} with the addresses of running tasks, round robin, and forwards every
 * other name to the node's upstream resolvers.
 */
package io.flotilla.overlay.dns;
