/**
 * Service logs, decided purely: the options a reader asks with, the records a log stream
 * carries, the {@code NAME.SLOT.TASKID@NODE} prefix, and which nodes to ask for which tasks.
 */
package io.flotilla.model.logs;
