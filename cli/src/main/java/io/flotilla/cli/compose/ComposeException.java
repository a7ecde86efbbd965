package io.flotilla.cli.compose;

/** A compose file that cannot be loaded; the message starts with the key path or file at fault. */
public final class ComposeException extends RuntimeException {
  public ComposeException(String where, String message) {
    super(where.isEmpty() ? message : where + ": " + message);
  }
}
