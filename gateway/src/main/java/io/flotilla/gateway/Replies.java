package io.flotilla.gateway;

import io.flotilla.bus.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** Writes a JSON answer, or hands a failure to {@link Errors}. */
final class Replies {
  private Replies() {}

  static <T> void json(RoutingContext ctx, int status, Future<T> result) {
    result.onSuccess(value -> ctx.response().setStatusCode(status)
            .putHeader("content-type", "application/json")
            .end(Json.encode(value)))
        .onFailure(ctx::fail);
  }
}
