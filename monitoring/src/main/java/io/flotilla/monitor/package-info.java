/**
 * The health monitor shell, which turns agents' heartbeats into node states for the
 * scheduler, and the metrics set-up shared by every Flotilla process.
 */
package io.flotilla.monitor;
