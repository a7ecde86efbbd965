package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.ApiTokenSpec;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** {@code /v1/tokens}: API tokens, made (their secret answered once), listed and removed. */
final class TokenRoutes {
  private TokenRoutes() {}

  static void mount(Router router, Vertx vertx) {
    router.post("/v1/tokens").handler(ctx -> {
      ApiTokenSpec spec = Requests.body(ctx, ApiTokenSpec.class);
      Replies.json(ctx, 201, Bus.request(vertx, Addresses.API_TOKEN_CREATE, new Messages.CreateApiToken(spec),
          Messages.ApiTokenCreated.class));
    });
    router.get("/v1/tokens").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.API_TOKEN_LIST, new Messages.ApiTokenRef(""), Messages.ApiTokenList.class)
            .map(Messages.ApiTokenList::tokens)));
    router.delete("/v1/tokens/:name").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.API_TOKEN_REMOVE, new Messages.ApiTokenRef(ctx.pathParam("name")),
            Messages.ApiTokenView.class)));
  }
}
