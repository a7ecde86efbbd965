/** Starting Flotilla processes: the clustered Vert.x instance and the verticles each role deploys. */
package io.flotilla.cli.launch;
