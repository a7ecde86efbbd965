/** The routing mesh: a published port answers on every node and forwards to a running task anywhere. */
package io.flotilla.overlay.mesh;
