/**
 * Compose files: turns the YAML of a {@code docker-compose.yml} into the specs of a stack's
 * services, networks and volumes, with a warning for every key Flotilla ignores. Pure: no
 * Vert.x, no file or network I/O (env files come in through a function).
 */
package io.flotilla.gateway.compose;
