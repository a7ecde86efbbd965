package io.flotilla.gateway;

import io.flotilla.bus.Json;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into {@code {"error": ..., "details": ...}} with the right status. */
final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  /**
   * What a bug answers: the details go to the log, never to the client, whose message must not
   * show class names or stack text.
   */
  private static String internal(RoutingContext ctx, Throwable failure) {
    LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
    return "internal error; the manager's log has the details";
  }

  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status;
    String message;
    Object details = null;
    if (failure instanceof ApiException api) {
      status = api.status;
      message = api.getMessage();
      details = api.details;
    } else if (failure instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case RECIPIENT_FAILURE -> {
          status = reply.failureCode() >= 400 && reply.failureCode() < 600 ? reply.failureCode() : 500;
          message = status == 500 ? internal(ctx, reply) : reply.getMessage();
        }
        case NO_HANDLERS -> {
          status = 503;
          message = "no scheduler leader is available; the cluster may be starting or has lost its managers";
        }
        default -> {
          status = 503;
          message = "the scheduler did not answer in time";
        }
      }
    } else if (failure != null) {
      status = 500;
      message = internal(ctx, failure);
    } else {
      status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      message = switch (status) {
        case 413 -> "request body too large (limit " + FileObjectRoutes.bodyLimit(ctx.request().path()) + " bytes)";
        case 404 -> "no such endpoint: " + ctx.request().method() + " " + ctx.request().path();
        case 405 -> "method " + ctx.request().method() + " not allowed on " + ctx.request().path();
        case 400 -> "bad request: " + ctx.request().method() + " " + ctx.request().path();
        default -> "request failed";
      };
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (details != null) {
      body.put("details", details);
    }
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status)
          .putHeader("content-type", "application/json")
          .end(Json.encode(body));
    }
  }

  /** A request the HTTP layer could not read (before any route sees it); the connection closes after the answer. */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String message;
    if (cause instanceof TooLongFrameException && String.valueOf(cause.getMessage()).startsWith("An HTTP line")) {
      status = 414;
      message = "request line too long (limit " + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes)";
    } else if (cause instanceof TooLongFrameException) {
      status = 431;
      message = "request headers too large (limit " + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE + " bytes)";
    } else {
      status = 400;
      message = "malformed HTTP request";
    }
    request.response().setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("connection", "close")
        .end(Json.encode(Map.of("error", message)));
  }
}
