/** Subnets, VXLAN ids and per-node address ranges for overlay networks: pure functions. */
package io.flotilla.overlay.ipam;
