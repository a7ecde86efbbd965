/** VXLAN interfaces and their forwarding entries, through iproute2. */
package io.flotilla.overlay.vxlan;
