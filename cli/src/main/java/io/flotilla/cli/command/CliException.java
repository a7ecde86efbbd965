package io.flotilla.cli.command;

/** A failure to show the user as "Error: message", with exit status 1. */
public class CliException extends RuntimeException {
  public CliException(String message) {
    super(message, null, false, false);
  }

  /** The server's certificate failed the check: nothing was sent to it, and nothing it says is believed. */
  public static final class Untrusted extends CliException {
    public Untrusted(String message) {
      super(message);
    }
  }
}
