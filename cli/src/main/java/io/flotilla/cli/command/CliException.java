package io.flotilla.cli.command;

/** A failure to show the user as "Error: message", with exit status 1. */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message, null, false, false);
  }
}
