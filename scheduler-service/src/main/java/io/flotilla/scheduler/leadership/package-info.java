/** Whether this manager is the Raft group's ready leader, the only one that schedules. */
package io.flotilla.scheduler.leadership;
