package io.flotilla.bus;

/**
 * Failure codes of bus replies. They are HTTP statuses on purpose, so the gateway can pass a
 * handler's "no" through unchanged.
 */
public final class Failures {
  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int UNAVAILABLE = 503;

  private Failures() {}
}
