/**
 * The scheduler shell: the verticle that holds leadership, answers the managers' questions
 * over the bus, runs reconciliation on events and on a tick, and applies each plan once.
 */
package io.flotilla.scheduler;
