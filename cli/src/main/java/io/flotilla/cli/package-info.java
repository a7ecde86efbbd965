/** The {@code flotilla} command: docker-like verbs over the HTTP API, and the process launcher. */
package io.flotilla.cli;
