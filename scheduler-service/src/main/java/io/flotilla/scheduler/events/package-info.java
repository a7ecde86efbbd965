/** The cluster's event stream, as pure functions of what changed. */
package io.flotilla.scheduler.events;
