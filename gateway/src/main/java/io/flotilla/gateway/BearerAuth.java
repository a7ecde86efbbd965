package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.gateway.access.Access;
import io.flotilla.gateway.access.AccessRules;
import io.flotilla.model.ApiTokens;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request through only with an API token whose role {@link AccessRules} allows the call:
 * 401 without a token or with one this manager does not know, 403 when its role may not. Every
 * request asks this manager's own applied state, so a removed token stops working at once.
 */
final class BearerAuth implements Handler<RoutingContext> {
  private static final String SCHEME = "Bearer ";

  private final Vertx vertx;
  private final String verifier;

  BearerAuth(Vertx vertx) {
    this(vertx, Addresses.API_TOKEN_VERIFY);
  }

  /** Asks {@code verifier} whose token it is: this process's manager, or (on a worker) any manager. */
  BearerAuth(Vertx vertx, String verifier) {
    this.vertx = vertx;
    this.verifier = verifier;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String method = ctx.request().method().name();
    String path = ctx.normalizedPath();
    Access access = AccessRules.required(method, path);
    if (access == Access.OPEN) {
      ctx.next();
      return;
    }
    String secret = secret(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (secret == null) {
      unauthorized(ctx, "an API token is required: send it as 'Authorization: Bearer <token>' (a new cluster's "
          + "admin token is in its first manager's DATA_DIR/admin-token)");
      return;
    }
    Bus.request(vertx, verifier, new Messages.ApiTokenCheck(ApiTokens.hash(secret)),
            Messages.ApiTokenView.class)
        .onSuccess(caller -> {
          if (access.allows(caller.role())) {
            ctx.next();
          } else {
            ctx.fail(new ApiException(Failures.FORBIDDEN, "the API token '" + caller.name() + "' has the role "
                + caller.role().json() + ", which may not " + method + " " + path + "; that needs an admin token"));
          }
        })
        .onFailure(e -> {
          if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
              && reply.failureCode() == Failures.UNAUTHORIZED) {
            unauthorized(ctx, "unknown API token: it was removed, or never made in this cluster");
          } else {
            ctx.fail(e);
          }
        });
  }

  private static String secret(String header) {
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String secret = header.substring(SCHEME.length()).trim();
    return secret.isEmpty() ? null : secret;
  }

  private static void unauthorized(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"flotilla\"");
    ctx.fail(new ApiException(Failures.UNAUTHORIZED, message));
  }
}
