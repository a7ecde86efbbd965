package io.flotilla.scheduler.state;

import io.flotilla.bus.Failures;

/** Why a command changes nothing, with the status the API answers it with. */
final class Rejection extends RuntimeException {
  final int status;

  private Rejection(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static Rejection conflict(String message) {
    return new Rejection(Failures.CONFLICT, message);
  }

  static Rejection notFound(String what, String ref) {
    return new Rejection(Failures.NOT_FOUND, "no such " + what + ": " + ref);
  }

  static Rejection unavailable(String message) {
    return new Rejection(Failures.UNAVAILABLE, message);
  }

  static Rejection badRequest(String message) {
    return new Rejection(Failures.BAD_REQUEST, message);
  }
}
