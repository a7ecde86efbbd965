/**
 * Compose loading on the client, as Docker does it: interpolation, {@code .env} and {@code --env-file},
 * override files, {@code extends}, {@code include}, profiles, top-level {@code name} and relative paths,
 * into one resolved compose document that the manager reads. Pure: files come in through {@link FileReader}.
 */
package io.flotilla.cli.compose;
