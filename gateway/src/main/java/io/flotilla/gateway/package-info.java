/**
 * The HTTP/JSON API: one {@code *Routes} class per resource, request parsing and error
 * mapping in one place each, and the Prometheus endpoint. Everything behind it is reached
 * over the event bus.
 */
package io.flotilla.gateway;
