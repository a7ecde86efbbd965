/**
 * The managers' state: services, tasks and nodes held in memory by the leader, written
 * through to a durable journal on local disk (acknowledged only once on disk) and mirrored
 * to the cluster's Hazelcast maps.
 */
package io.flotilla.scheduler.state;
