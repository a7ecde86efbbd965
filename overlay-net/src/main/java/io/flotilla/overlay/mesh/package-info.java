/**
 * The routing mesh: every node answers on a service's published port and forwards each TCP
 * connection, in user space, to a running task of the service wherever it runs, skipping tasks
 * that do not answer.
 */
package io.flotilla.overlay.mesh;
