/** One class per verb group; each talks to the API through {@link io.flotilla.cli.command.ApiClient}. */
package io.flotilla.cli.command;
