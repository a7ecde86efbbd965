/** The line to the agents: task reports into the log, and each node's assignments out to it. */
package io.flotilla.scheduler.dispatcher;
