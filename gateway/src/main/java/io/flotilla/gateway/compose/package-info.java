/** Compose files read as stacks: pure parsing, with key paths in every error and warning. */
package io.flotilla.gateway.compose;
