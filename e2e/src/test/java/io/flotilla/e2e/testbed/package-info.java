/**
 * The multi-host test bed: N hosts on one machine, each a network namespace with its own hostname
 * and Docker engine, that tests can start agents on, kill, revive and partition.
 */
package io.flotilla.e2e.testbed;
