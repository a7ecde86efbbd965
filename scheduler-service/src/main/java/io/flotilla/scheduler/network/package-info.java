/**
 * Overlay networks on the manager's side, as pure functions: which nodes need which networks,
 * the address range each of them gets, and what each node is told about its networks.
 */
package io.flotilla.scheduler.network;
