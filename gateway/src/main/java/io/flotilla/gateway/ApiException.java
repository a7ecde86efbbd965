package io.flotilla.gateway;

/** A "no" for the API client: an HTTP status, a message naming the problem, optional details. */
final class ApiException extends RuntimeException {
  final int status;
  final Object details;

  ApiException(int status, String message, Object details) {
    super(message, null, false, false);
    this.status = status;
    this.details = details;
  }

  ApiException(int status, String message) {
    this(status, message, null);
  }
}
